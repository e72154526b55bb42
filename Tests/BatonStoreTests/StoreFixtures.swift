import BatonCore
import BatonModel
import BatonPostgres
import BatonSQLite
import BatonStore
import Foundation
import Logging
import PostgresNIO

/// The stores the conformance suite runs against: each a real database.
enum StoreKind: String, CaseIterable, CustomStringConvertible {
    case sqlite
    /// A fresh database on the server at `$BATON_TEST_POSTGRES_URL` (see `scripts/postgres`).
    case postgres

    var description: String { rawValue }

    /// Runs `body` with a fresh, empty store in a new location (a temporary SQLite file, a new
    /// PostgreSQL database), running whatever the store needs around it.
    func withStore(_ body: (any Store, _ location: String) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("baton-store-\(UUID().uuidString).sqlite").path
            try await body(try SQLiteStore(path: path), path)
        case .postgres:
            try await PostgresTestServer.withDatabase { url in
                let store = PostgresStore(url: url, logger: PostgresTestServer.logger)
                try await PostgresTestServer.running([store]) { try await body(store, url.database) }
            }
        }
    }

    /// Runs `body` with the database at `location` opened again, as after a restart.
    func withReopened(_ location: String, _ body: (any Store) async throws -> Void) async throws {
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
enum PostgresTestServer {
    static let variable = "BATON_TEST_POSTGRES_URL"

    static var logger: Logger {
        var logger = Logger(label: "baton.postgres.test")
        logger.logLevel = .warning
        return logger
    }

    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "\(variable) is not set: the PostgreSQL store tests need a server. Start one with "
                + "`scripts/postgres start` and export the URL it prints as \(variable)."
        }
    }

    static func adminURL() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { throw NotConfigured() }
        return try PostgresURL(text)
    }

    /// Runs `body` with the URL of a new, empty database, and drops the database afterwards.
    static func withDatabase(_ body: (PostgresURL) async throws -> Void) async throws {
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
    static func execute(_ sql: String, on url: PostgresURL) async throws {
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
    static func running<T: Sendable>(_ stores: [PostgresStore], _ body: () async throws -> T) async throws -> T {
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

enum Fixtures {
    static func definition(_ name: String = "order", version: Int = 1, steps: [String] = ["reserve", "charge"]) -> WorkflowDef {
        WorkflowDef(
            name: name, version: version,
            tasks: steps.map { WorkflowTask(name: $0, taskReferenceName: "\($0)_ref") }
        ).withDefaults()
    }

    static var environment: Environment {
        Environment(now: 1_000, ids: SequentialIDGenerator(prefix: UUID().uuidString), random: SystemRandomNumberGenerator()) { _ in nil }
    }

    /// A new execution after its first decision, with the commit that creates it.
    static func started(
        _ definition: WorkflowDef = definition(), correlationId: String? = nil, input: [String: JSONValue] = [:],
        priority: Int = 0, now: Int = 1_000
    ) throws -> (Decision, Commit) {
        var request = StartWorkflowRequest(name: definition.name, correlationId: correlationId, input: input)
        request.priority = priority
        var environment = environment
        environment.now = now
        let workflow = Workflow.starting(request, definition: definition, id: UUID().uuidString, now: now)
        let decision = try Decider.decide(workflow, on: .start, in: &environment)
        return (decision, Commit(decision, previous: nil, at: now))
    }

    /// Decides `event` on `stored` and returns the commit of the outcome.
    static func next(_ stored: StoredExecution, _ event: WorkflowEvent, now: Int = 2_000) throws -> (Decision, Commit) {
        var environment = environment
        environment.now = now
        let decision = try Decider.decide(stored.workflow, on: event, in: &environment)
        return (decision, Commit(decision, previous: stored, at: now))
    }
}
