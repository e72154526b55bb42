import BatonPostgres
import BatonSQLite
import BatonStore
import Foundation
import Logging
import PostgresNIO

/// The databases the tests run against, each real: the one test matrix of the store suite and
/// of the end-to-end tests.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    /// A fresh database on the server at `$BATON_TEST_POSTGRES_URL` (see `scripts/postgres`).
    case postgres

    public var description: String { rawValue }

    /// Runs `body` with a fresh, empty store in a new location (a temporary SQLite file, a new
    /// PostgreSQL database), running whatever the store needs around it.
    public func withStore(_ body: (any Store, _ location: String) async throws -> Void) async throws {
        try await withDatabase { location in
            try await withStore(at: location) { store in try await body(store, location) }
        }
    }

    /// Runs `body` with a new, empty location (a temporary SQLite file's path, a new PostgreSQL
    /// database's name) that ``withStore(at:_:)`` opens as often as a test needs.
    public func withDatabase(_ body: (_ location: String) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            try await body(
                FileManager.default.temporaryDirectory.appendingPathComponent("baton-store-\(UUID().uuidString).sqlite").path)
        case .postgres:
            try await PostgresTestServer.withDatabase { url in try await body(url.database) }
        }
    }

    /// Runs `body` with a store on the database at `location`: opened again, as after a restart,
    /// when it was opened before. The store is closed when `body` returns.
    public func withStore(at location: String, _ body: (any Store) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            try await body(try SQLiteStore(path: location))
        case .postgres:
            let store = PostgresStore(url: try PostgresTestServer.adminURL().with(database: location), logger: PostgresTestServer.logger)
            try await PostgresTestServer.running([store]) { try await body(store) }
        }
    }
}

/// The PostgreSQL server the tests use: `$BATON_TEST_POSTGRES_URL`, an administrator's URL
/// (e.g. `postgres://postgres@127.0.0.1:PORT/postgres`, as `scripts/postgres start` prints).
public enum PostgresTestServer {
    public static let variable = "BATON_TEST_POSTGRES_URL"

    public static var logger: Logger {
        var logger = Logger(label: "baton.postgres.test")
        logger.logLevel = .warning
        return logger
    }

    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "\(variable) is not set: the PostgreSQL store tests need a server. Start one with "
                + "`scripts/postgres start` and export the URL it prints as \(variable)."
        }
    }

    public static func adminURL() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { throw NotConfigured() }
        return try PostgresURL(text)
    }

    /// Runs `body` with the URL of a new, empty database, and drops the database afterwards.
    public static func withDatabase(_ body: (PostgresURL) async throws -> Void) async throws {
        let admin = try adminURL()
        let name = "baton_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await execute("CREATE DATABASE \(name)", on: admin)
        do {
            try await body(admin.with(database: name))
        } catch {
            try? await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: admin)
            throw error
        }
        try await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: admin)
    }

    /// Runs `sql` on a connection of its own to the database at `url`.
    public static func execute(_ sql: String, on url: PostgresURL) async throws {
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// Runs `body` while the stores' connection pools run, as a server's service group would.
    public static func running<T: Sendable>(_ stores: [PostgresStore], _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores { group.addTask { try await store.run() } }
            let result: T
            do {
                result = try await body()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
            return result
        }
    }
}

