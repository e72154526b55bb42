import BatonEngine
import BatonModel
import BatonTestSupport
import Foundation
import Synchronization
import HummingbirdTesting
import Testing

@Suite("Task limits over HTTP")
struct TaskLimitAPITests {
    /// Registers `taskDef` for `t` and a one-step workflow of it, and starts `count` workflows.
    static func prepare(_ client: some TestClientProtocol, taskDef: String, workflows count: Int) async throws {
        #expect(try await client.send(.post, "/api/metadata/taskdefs", json: "[\(taskDef)]").status == .ok)
        _ = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "one", "tasks": [{"name": "t", "taskReferenceName": "t"}]}"#)
        for _ in 0..<count { _ = try await client.send(.post, "/api/workflow/one", json: "{}") }
    }

    /// Polls `t` in `pollers` concurrent batch polls of up to 5 each; answers the attempts received.
    static func pollBurst(_ client: some TestClientProtocol, pollers: Int = 4, timeout: Int = 0) async throws -> [Task] {
        try await withThrowingTaskGroup(of: [Task].self) { group in
            for worker in 0..<pollers {
                group.addTask {
                    try await client.send(.get, "/api/tasks/poll/batch/t?workerid=w\(worker)&count=5&timeout=\(timeout)").decode([Task].self)
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    static func complete(_ client: some TestClientProtocol, _ task: Task) async throws {
        let result = TaskResult(taskId: task.taskId, workflowInstanceId: task.workflowInstanceId, status: .completed)
        #expect(try await client.send(.post, "/api/tasks", value: result).status == .ok)
    }

    static func queueSize(_ client: some TestClientProtocol) async throws -> Int {
        try await client.send(.get, "/api/tasks/queue/sizes?taskType=t").decode([String: Int].self)["t"] ?? 0
    }

    @Test("concurrentExecLimit: polls hand out no more than the limit in progress", arguments: StoreKind.allCases)
    func concurrencyLimit(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            try await Self.prepare(client, taskDef: #"{"name": "t", "concurrentExecLimit": 2}"#, workflows: 5)
            let first = try await Self.pollBurst(client)
            #expect(first.count == 2)
            // Held back, not failed: the other three wait SCHEDULED in the queue.
            #expect(try await Self.queueSize(client) == 3)
            #expect(try await Self.pollBurst(client).isEmpty)

            try await Self.complete(client, first[0])
            let second = try await Self.pollBurst(client, timeout: 200)
            #expect(second.count == 1)
            #expect(try await Self.pollBurst(client).isEmpty)

            for task in [first[1]] + second { try await Self.complete(client, task) }
            let third = try await Self.pollBurst(client, timeout: 200)
            #expect(third.count == 2)
            #expect(try await Self.queueSize(client) == 0)
            for task in third { try await Self.complete(client, task) }

            let received = Set((first + second + third).map(\.workflowInstanceId))
            #expect(received.count == 5)
            for id in received {
                #expect(try await client.send(.get, "/api/workflow/\(id)/status").decode([String: JSONValue].self)["status"] == "COMPLETED")
            }
        }
    }

    @Test("rateLimitPerFrequency: a burst of polls gets the limit, more after the window", arguments: StoreKind.allCases)
    func rateLimit(kind: StoreKind) async throws {
        // The engine's clock stands still until the test moves it, so a loaded machine cannot move the window.
        let time = Mutex(EngineClock.system.now())
        let clock = EngineClock { time.withLock { $0 } }
        try await TestServer.run(kind, clock: clock) { client in
            try await Self.prepare(
                client, taskDef: #"{"name": "t", "rateLimitPerFrequency": 2, "rateLimitFrequencyInSeconds": 2}"#, workflows: 5)
            let burst = try await Self.pollBurst(client)
            #expect(burst.count == 2)
            // Ending them frees no rate: the window counts attempts started, not attempts running.
            for task in burst { try await Self.complete(client, task) }
            #expect(try await Self.pollBurst(client).isEmpty)
            #expect(try await Self.queueSize(client) == 3)

            time.withLock { $0 += 1_000 }
            #expect(try await Self.pollBurst(client).isEmpty)
            time.withLock { $0 += 1_000 }
            let later = try await Self.pollBurst(client)
            #expect(later.count == 2)
            #expect(try await Self.pollBurst(client).isEmpty)
            time.withLock { $0 += 2_000 }
            #expect(try await Self.pollBurst(client).count == 1)
            #expect(try await Self.queueSize(client) == 0)
        }
    }
}
