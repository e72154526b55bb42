public import BatonStore
public import Logging
import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// The shared store: one PostgreSQL database that several Baton servers use at once.
///
/// Executions change by optimistic concurrency (a commit names the revision it was decided
/// on), queues and timers are claimed with `FOR UPDATE SKIP LOCKED`, and the schema migrates
/// itself under an advisory lock, so any number of servers may start and work together.
///
/// The store talks to PostgreSQL through a pooled `PostgresClient`, which only works while it
/// runs: run the store as a `Service` (in the server's `ServiceGroup`, or a task that lives as
/// long as the store is used). The schema is brought up to date by ``migrate()``, or by the
/// first call that needs the database.
public final class PostgresStore: Store, Service {
    /// The database this store works on (without its password when printed).
    public let url: PostgresURL
    let client: PostgresClient
    let logger: Logger
    private let migrated = Mutex(false)

    /// A store on the database at `url` (`postgres://user:password@host:port/database`, or
    /// `postgresql://...`). Nothing connects until the store runs and is first used.
    public convenience init(url: String, logger: Logger = Logger(label: "baton.postgres")) throws(StoreError) {
        self.init(url: try PostgresURL(url), logger: logger)
    }

    /// A store on the database at `url`.
    public init(url: PostgresURL, logger: Logger = Logger(label: "baton.postgres")) {
        self.url = url
        self.logger = logger
        client = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: logger)
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    public func run() async throws {
        await client.run()
    }

    /// Brings the schema up to date, on a connection of its own, so that a server that cannot
    /// reach or log in to PostgreSQL, or finds a schema newer than it knows, says so at once.
    ///
    /// Safe to call from several servers at the same moment, and more than once.
    public func migrate() async throws(StoreError) {
        let configuration = try url.connectionConfiguration()
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw PostgresErrors.storeError(error, at: url)
        }
        do {
            try await PostgresMigrations.migrate(connection, logger: logger)
        } catch {
            try? await connection.close()
            throw PostgresErrors.storeError(error, at: url)
        }
        try? await connection.close()
        migrated.withLock { $0 = true }
    }

    /// Migrates once, before the first use of the database.
    func ready() async throws(StoreError) {
        if migrated.withLock({ $0 }) { return }
        try await migrate()
    }

    // MARK: Running statements

    /// Runs one statement on a pooled connection (a transaction of its own) and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws(StoreError) -> [PostgresRow] {
        try await ready()
        do {
            return try await client.query(query, logger: logger).collect()
        } catch {
            throw PostgresErrors.storeError(error, at: url)
        }
    }

    /// Runs one statement and reads each row with `read`.
    func fetch<T>(_ query: PostgresQuery, _ read: (PostgresRow) throws -> T) async throws(StoreError) -> [T] {
        let rows = try await rows(query)
        return try Self.read(rows, read)
    }

    /// Runs `body` in one transaction on a pooled connection. A transaction PostgreSQL aborted
    /// for a deadlock or a serialization failure runs again, twice at most.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await ready()
        var attempt = 1
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch {
                if attempt < 3, let state = PostgresErrors.sqlState(of: error), PostgresErrors.retryable.contains(state) {
                    attempt += 1
                    logger.debug("PostgreSQL transaction retried after SQLSTATE \(state)")
                    continue
                }
                throw PostgresErrors.storeError(error, at: url)
            }
        }
    }

    static func read<T>(_ rows: [PostgresRow], _ read: (PostgresRow) throws -> T) throws(StoreError) -> [T] {
        do {
            return try rows.map(read)
        } catch {
            throw .database("a PostgreSQL row cannot be read: \(String(reflecting: error))")
        }
    }
}

extension SQLDialect {
    /// PostgreSQL's: `$n` markers, ILIKE, `->>` (on JSONB; text columns are cast).
    static let postgres = SQLDialect(
        placeholder: { "$\($0)" }, like: "ILIKE", jsonText: { "(\($0)::jsonb->>'\($1)')" }, text: { "\($0)::text" })
}

extension PostgresBindings {
    /// The bound values of a shared query builder.
    init(_ values: [SQLValue]) {
        self.init()
        for value in values {
            switch value {
            case .int(let value): append(value)
            case .text(let value): append(value)
            }
        }
    }
}

extension PostgresConnection {
    /// Runs `query` in the connection's transaction and collects its rows, so that an error the
    /// server reports while streaming them is thrown here.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }
}
