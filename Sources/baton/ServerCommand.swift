import ArgumentParser
import BatonEngine
import BatonHTTP
import BatonPostgres
import BatonScript
import BatonServer
import BatonSQLite
import BatonStore
import Foundation
import Hummingbird
import Logging

/// `baton server`: runs the engine and the HTTP API until SIGINT or SIGTERM.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Run the Baton server.")

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "Where state lives: sqlite:PATH or postgres://user:password@host:port/database. Default: $BATON_DATABASE_URL or sqlite:baton.sqlite.")
    var database: String?

    @Option(help: "SQLite durability: full (fsync every commit) or normal (survives a process crash only).")
    var durability: SQLiteStore.Durability = .full

    @Option(help: "The largest request body accepted, in bytes.")
    var maxBodySize = 10 * 1024 * 1024

    @Option(help: "How many days of change events the change feed keeps.")
    var changeRetentionDays = 7

    @Option(help: "How many hours a webhook delivery is retried before it is given up.")
    var webhookMaxRetryHours = 24

    @Option(help: "An HTTP proxy for HTTP tasks' calls, http://[user:password@]host:port (https calls tunnel through it with CONNECT). Proxy environment variables are not read.")
    var httpProxy: String?

    @Option(help: "A PEM file of CA certificates that HTTP tasks trust besides the system's.")
    var httpCaFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard changeRetentionDays >= 1 else { throw ValidationError("--change-retention-days must be at least 1") }
        guard webhookMaxRetryHours >= 1 else { throw ValidationError("--webhook-max-retry-hours must be at least 1") }
    }

    func run() async throws {
        var logger = Logger(label: "baton")
        logger.logLevel = logLevel
        let outbound: OutboundHTTP
        do {
            outbound = try OutboundHTTP(proxyURL: httpProxy, caFile: httpCaFile)
        } catch {
            throw ValidationError(error.message)
        }
        let url = database ?? ProcessInfo.processInfo.environment["BATON_DATABASE_URL"] ?? "sqlite:baton.sqlite"
        let location: DatabaseLocation
        do { location = try DatabaseLocation(url) } catch { throw ValidationError("\(error)") }
        try await location.withStore(durability: durability, logger: logger) { store in
            try await serve(store, at: location, outbound: outbound, logger: logger)
        }
    }

    /// Runs the server until it is stopped; HTTP tasks' client lives exactly as long.
    private func serve(_ store: any Store, at location: DatabaseLocation, outbound: OutboundHTTP, logger: Logger) async throws {
        try await AsyncHTTPPerformer.with(outbound) { http in
            let engine = Engine(store: store, logger: logger, scripts: ScriptRunner(), http: http)
            try await engine.prepare()
            let router = APIServer.router(engine: engine, configuration: .init(maxBodySize: maxBodySize))
            let application = Application(
                router: router,
                configuration: .init(address: .hostname(host, port: port), serverName: "Baton"),
                services: engine.services + [
                    ChangeRetentionService(engine: engine, retentionDays: changeRetentionDays),
                    WebhookService(
                        engine: engine, sender: HTTPWebhookSender(),
                        settings: .init(maxRetryDuration: .seconds(webhookMaxRetryHours * 3600))),
                ],
                logger: logger
            )
            logger.info("Baton on http://\(host):\(port) with \(location)")
            try await application.runService()
        }
    }
}

/// A `--database` value: which store, and where.
enum DatabaseLocation: CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresURL)

    init(_ url: String) throws(StoreError) {
        if url.hasPrefix("sqlite://") {
            self = .sqlite(path: String(url.dropFirst("sqlite://".count)))
        } else if url.hasPrefix("sqlite:") {
            self = .sqlite(path: String(url.dropFirst("sqlite:".count)))
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(url))
        } else {
            throw .database("--database must be sqlite:PATH or postgres://user:password@host:port/database (got '\(url)')")
        }
        if case .sqlite(let path) = self, path.isEmpty { throw .database("--database sqlite: needs a file path") }
    }

    /// The location without secrets, for logs.
    var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url.description
        }
    }

    /// Opens the store and runs `body` with it. A PostgreSQL store's connection pool runs around
    /// everything that uses the store, and its schema is migrated (or found too new) first.
    func withStore(durability: SQLiteStore.Durability, logger: Logger, _ body: (any Store) async throws -> Void) async throws {
        switch self {
        case .sqlite(let path):
            let store: SQLiteStore
            do { store = try SQLiteStore(path: path, durability: durability) } catch { throw ValidationError("\(error)") }
            try await body(store)
        case .postgres(let url):
            let store = PostgresStore(url: url, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.run() }
                defer { group.cancelAll() }
                try await store.migrate()
                try await body(store)
            }
        }
    }
}

extension SQLiteStore.Durability: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
