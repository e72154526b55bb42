import BatonEngine
import BatonModel
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite("WAIT over HTTP, and across a restart of the server")
struct WaitAPITests {
    /// A WAIT with `wait` for its input parameters, then a worker's task, registered (or
    /// replaced) and started: answers the workflow's id.
    static func start(_ client: some TestClientProtocol, wait: String) async throws -> String {
        let definition = """
            [{"name": "cool_off", "tasks": [
              {"name": "wait", "taskReferenceName": "wait", "type": "WAIT", "inputParameters": {\(wait)}},
              {"name": "refund", "taskReferenceName": "refund"}]}]
            """
        #expect(try await client.send(.put, "/api/metadata/workflow", json: definition).status == .ok)
        return try await client.send(.post, "/api/workflow/cool_off", json: "{}").text
    }

    /// The WAIT task's status.
    static func waitStatus(_ workflow: Workflow) -> TaskStatus? { workflow.tasks.first?.status }

    @Test("a WAIT with a duration completes by itself when its time comes", arguments: StoreKind.allCases)
    func duration(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let id = try await Self.start(client, wait: #""duration": "2s""#)
            let waiting = try await client.workflow(id)
            #expect(waiting.tasks.map(\.status) == [.inProgress])
            let done = try await client.workflow(id, within: 30) { Self.waitStatus($0) == .completed }
            #expect(done.tasks.map(\.referenceTaskName) == ["wait", "refund"])
            #expect(done.tasks.map(\.status) == [.completed, .scheduled])
            #expect(try #require(done.tasks.first?.endTime) >= waiting.tasks[0].scheduledTime + 2000)
        }
    }

    @Test("a WAIT until a time that has passed completes at once; one until a later time waits", arguments: StoreKind.allCases)
    func until(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let passed = try await Self.start(client, wait: #""until": "2020-01-31 14:30 UTC""#)
            let done = try await client.workflow(passed, within: 30) { Self.waitStatus($0) == .completed }
            #expect(done.tasks.map(\.status) == [.completed, .scheduled])

            let later = try await Self.start(client, wait: #""until": "2099-12-31 23:59 UTC""#)
            let waiting = try await client.workflow(later)
            #expect(waiting.tasks.map(\.status) == [.inProgress])
            #expect(waiting.tasks.first?.waitTimeout == 4_102_444_740_000)
        }
    }

    @Test("a WAIT without a time is completed through the task API, with the output given", arguments: StoreKind.allCases)
    func completedThroughTheTaskAPI(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let id = try await Self.start(client, wait: "")
            let wait = try #require(try await client.workflow(id).tasks.first)
            #expect(wait.status == .inProgress)
            #expect(try await client.send(.get, "/api/tasks/poll/WAIT").status == .noContent)
            let result = TaskResult(taskId: wait.taskId, workflowInstanceId: id, status: .completed, outputData: ["approvedBy": "ops"])
            #expect(try await client.send(.post, "/api/tasks", value: result).status == .ok)
            let after = try await client.workflow(id)
            #expect(after.tasks.map(\.status) == [.completed, .scheduled])
            #expect(after.tasks.first?.outputData == ["approvedBy": "ops"])
        }
    }

    /// Starts the workflow with `wait` on a first server over a new database, stops that server,
    /// and runs `then` on a second server over the same database whose engine runs on `clock`.
    static func acrossARestart(
        _ kind: StoreKind, wait: String, clock: EngineClock,
        then: @escaping @Sendable (_ workflowId: String, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await kind.withDatabase { location in
            let started = Mutex<String?>(nil)
            try await kind.withStore(at: location) { store in
                try await TestServer.serve(store) { client in
                    let id = try await Self.start(client, wait: wait)
                    #expect(try await client.workflow(id).tasks.map(\.status) == [.inProgress])
                    started.withLock { $0 = id }
                }
            }
            let id = try #require(started.withLock { $0 })
            try await kind.withStore(at: location) { store in
                try await TestServer.serve(store, clock: clock) { client in try await then(id, client) }
            }
        }
    }

    @Test("a 30-day WAIT survives a restart and completes when its time comes", arguments: StoreKind.allCases)
    func thirtyDaysAcrossARestart(kind: StoreKind) async throws {
        let ahead = (30 * 86_400 + 60) * 1000
        try await Self.acrossARestart(kind, wait: #""duration": "30d""#, clock: EngineClock { EngineClock.system.now() + ahead }) { id, client in
            let done = try await client.workflow(id, within: 30) { Self.waitStatus($0) == .completed }
            #expect(done.tasks.map(\.status) == [.completed, .scheduled])
            #expect(try #require(done.tasks.first?.endTime) >= done.tasks[0].scheduledTime + 30 * 86_400_000)
            try await client.work("refund")
            #expect(try await client.workflow(id).status == .completed)
        }
    }

    @Test("a short WAIT survives a restart on the system clock", arguments: StoreKind.allCases)
    func shortWaitAcrossARestart(kind: StoreKind) async throws {
        try await Self.acrossARestart(kind, wait: #""duration": "3s""#, clock: .system) { id, client in
            let done = try await client.workflow(id, within: 30) { Self.waitStatus($0) == .completed }
            #expect(done.tasks.map(\.status) == [.completed, .scheduled])
            try await client.work("refund")
            #expect(try await client.workflow(id).status == .completed)
        }
    }
}
