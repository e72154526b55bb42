import BatonModel
@testable import BatonPostgres
import BatonStore
import BatonTestSupport
import Foundation
import PostgresNIO
import Testing

/// What only the PostgreSQL store has to get right: several servers on one database.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    @Test("two servers claiming one queue at once never get the same entry")
    func concurrentClaimsAcrossServers() async throws {
        try await PostgresTestServer.withDatabase { url in
            let servers = [PostgresStore(url: url, logger: PostgresTestServer.logger), PostgresStore(url: url, logger: PostgresTestServer.logger)]
            try await PostgresTestServer.running(servers) {
                let definition = Fixtures.definition(steps: ["work"])
                var commits: [Commit] = []
                for index in 0..<60 { commits.append(try Fixtures.started(definition, priority: index % 3).1) }
                _ = try await servers[0].commit(commits)
                #expect(try await servers[1].queueSizes() == ["work": 60])

                // Four pollers on each server, each claiming a few at a time until nothing is left.
                let claimed = try await withThrowingTaskGroup(of: [QueueClaim].self) { group in
                    for poller in 0..<8 {
                        let store = servers[poller % 2]
                        group.addTask {
                            var mine: [QueueClaim] = []
                            while true {
                                let batch = try await store.claim(taskType: "work", domain: nil, count: 3, now: 5_000, leaseMillis: 60_000)
                                if batch.isEmpty { return mine }
                                mine += batch
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(claimed.count == 60)
                #expect(Set(claimed.map(\.taskId)).count == 60)
                for store in servers {
                    #expect(try await store.claim(taskType: "work", domain: nil, count: 10, now: 5_000, leaseMillis: 60_000).isEmpty)
                }
            }
        }
    }

    @Test("a commit on one server wakes the listeners of the others")
    func wakeUpsAcrossServers() async throws {
        try await PostgresTestServer.withDatabase { url in
            let servers = [PostgresStore(url: url, logger: PostgresTestServer.logger), PostgresStore(url: url, logger: PostgresTestServer.logger)]
            try await PostgresTestServer.running(servers) {
                let (heard, hear) = AsyncStream.makeStream(of: String.self)
                let listener = _Concurrency.Task { try await servers[1].listen { hear.yield($0) } }
                defer { listener.cancel() }
                try await _Concurrency.Task.sleep(for: .milliseconds(300))  // let LISTEN take hold

                let (decision, commit) = try Fixtures.started(Fixtures.definition(steps: ["work"]))
                #expect(try await servers[0].commit([commit, commit]) == [.committed(revision: 1), .conflict])
                var keys: Set<String> = []
                for await key in heard {
                    keys.insert(key)
                    if keys.count == 3 { break }
                }
                // The change log grew too: change-feed readers on the other server wake.
                #expect(keys == [WakeUp.execution(decision.workflow.workflowId), WakeUp.queue("work"), WakeUp.changes])
            }
        }
    }

    @Test("servers migrating an empty database at the same moment all succeed")
    func concurrentMigrations() async throws {
        try await PostgresTestServer.withDatabase { url in
            let servers = (0..<4).map { _ in PostgresStore(url: url, logger: PostgresTestServer.logger) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in servers { group.addTask { try await store.migrate() } }
                try await group.waitForAll()
            }
            try await PostgresTestServer.running(servers) {
                let (decision, commit) = try Fixtures.started()
                #expect(try await servers[0].commit([commit]) == [.committed(revision: 1)])
                #expect(try await servers[3].execution(id: decision.workflow.workflowId) != nil)
            }
            let versions = try await PostgresTestServer.query("SELECT version::text FROM baton_migrations ORDER BY version", on: url)
            #expect(versions == PostgresMigrations.all.map { String($0.version) })
        }
    }

    @Test("a database migrated by a newer Baton is refused with one clear line")
    func newerSchema() async throws {
        try await PostgresTestServer.withDatabase { url in
            try await PostgresStore(url: url).migrate()
            try await PostgresTestServer.execute("INSERT INTO baton_migrations (version, name) VALUES (999, 'future')", on: url)
            let error = await #expect(throws: StoreError.self) { try await PostgresStore(url: url).migrate() }
            let message = try #require(error).description
            #expect(message.hasPrefix("database schema version 999 is newer than this Baton ("))
            #expect(message.hasSuffix("); upgrade Baton"))
            #expect(!message.contains("\n"))
        }
    }

    @Test("an unreachable server is one clear line naming host and port")
    func unreachableServer() async throws {
        let store = try PostgresStore(url: "postgres://baton:secret@127.0.0.1:1/baton")
        let error = await #expect(throws: StoreError.self) { try await store.migrate() }
        let message = try #require(error).description
        #expect(message.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:1: "), "\(message)")
        #expect(!message.contains("\n"))
        #expect(!message.contains("secret"))
    }

    @Test("a login the server refuses is one clear line naming host and port")
    func refusedLogin() async throws {
        let admin = try PostgresTestServer.adminURL()
        let store = PostgresStore(url: admin.with(database: "baton_no_such_database"), logger: PostgresTestServer.logger)
        let error = await #expect(throws: StoreError.self) { try await store.migrate() }
        let message = try #require(error).description
        #expect(message == "cannot connect to PostgreSQL at \(admin.endpoint): database \"baton_no_such_database\" does not exist")
    }

    @Test("JSONB cannot hold U+0000: such a commit fails with a clear error; an escaped backslash is fine")
    func nulCharacter() async throws {
        try await PostgresTestServer.withDatabase { url in
            let store = PostgresStore(url: url, logger: PostgresTestServer.logger)
            try await PostgresTestServer.running([store]) {
                let (bad, withNUL) = try Fixtures.started(input: ["note": .string("a\u{0}b")])
                let error = await #expect(throws: StoreError.self) { try await store.commit([withNUL]) }
                #expect(error?.description == "PostgreSQL cannot store the NUL character (\\u0000) that execution \(bad.workflow.workflowId) holds")
                let (good, withBackslash) = try Fixtures.started(input: ["note": .string("\\u0000")])
                #expect(try await store.commit([withBackslash]) == [.committed(revision: 1)])
                #expect(try await store.execution(id: good.workflow.workflowId)?.workflow == good.workflow)
            }
        }
    }

    @Test("URLs: both schemes, defaults, escapes, and clear errors")
    func urls() throws {
        let full = try PostgresURL("postgresql://baton:p%40ss@db.example:6543/work?sslmode=require")
        #expect(full == PostgresURL(host: "db.example", port: 6543, username: "baton", password: "p@ss", database: "work", tls: .require))
        #expect(full.description == "postgres://baton@db.example:6543/work?sslmode=require")
        let short = try PostgresURL("postgres://baton@localhost")
        #expect(short == PostgresURL(host: "localhost", username: "baton", database: "baton"))
        #expect(short.endpoint == "localhost:5432")
        #expect(throws: StoreError.self) { try PostgresURL("mysql://baton@localhost/db") }
        #expect(throws: StoreError.self) { try PostgresURL("postgres://localhost/db") }
        #expect(throws: StoreError.self) { try PostgresURL("postgres://baton@localhost/db?sslmode=sometimes") }
    }
}

extension PostgresTestServer {
    /// The first column of each row of `sql`, as text.
    static func query(_ sql: String, on url: PostgresURL) async throws -> [String] {
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            var values: [String] = []
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String.self) {
                values.append(value)
            }
            try await connection.close()
            return values
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
