import BatonModel
import BatonTestSupport
import Foundation
import HummingbirdTesting
import Testing

@Suite("Task domains over HTTP")
struct TaskDomainAPITests {
    static let definition = #"{"name": "one", "tasks": [{"name": "t", "taskReferenceName": "t"}]}"#

    /// Starts a workflow of `one` with `taskToDomain`.
    static func start(_ client: some TestClientProtocol, taskToDomain: String) async throws -> String {
        try await client.send(.post, "/api/workflow", json: #"{"name": "one", "taskToDomain": \#(taskToDomain)}"#).text
    }

    /// Polls `t` once in `domain` (none when `nil`) and answers the workflow ids it received.
    static func poll(_ client: some TestClientProtocol, domain: String?) async throws -> [String] {
        let query = domain.map { "&domain=\($0)" } ?? ""
        return try await client.send(.get, "/api/tasks/poll/batch/t?workerid=w&count=5&timeout=100\(query)")
            .decode([Task].self).map(\.workflowInstanceId)
    }

    @Test("a list queues in the first domain whose workers poll, else in its last entry", arguments: StoreKind.allCases)
    func domainLists(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.definition)

            // Nobody polls a or b: NO_DOMAIN, the last entry, puts the task in the queue without a domain.
            let unpolled = try await Self.start(client, taskToDomain: #"{"t": "a,b,NO_DOMAIN"}"#)
            #expect(try await Self.poll(client, domain: "b") == [])
            let lastIsDomain = try await Self.start(client, taskToDomain: #"{"*": "x,y"}"#)
            #expect(try await Self.poll(client, domain: nil) == [unpolled])
            #expect(try await Self.poll(client, domain: "y") == [lastIsDomain])

            // A worker polled b (above) and none polled a: the next task goes to b.
            let toB = try await Self.start(client, taskToDomain: #"{"t": "a,b,NO_DOMAIN"}"#)
            #expect(try await Self.poll(client, domain: nil) == [])
            #expect(try await Self.poll(client, domain: "a") == [])
            // Now a has a worker too, and comes first.
            let toA = try await Self.start(client, taskToDomain: #"{"t": "a,b,NO_DOMAIN"}"#)
            #expect(try await Self.poll(client, domain: "b") == [toB])
            #expect(try await Self.poll(client, domain: "a") == [toA])

            let task = try await client.send(.get, "/api/workflow/\(toB)").decode(Workflow.self).tasks[0]
            #expect(task.domain == "b")
        }
    }
}
