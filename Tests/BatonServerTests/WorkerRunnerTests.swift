import BatonClient
import BatonModel
import BatonTestSupport
import BatonWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite("The Swift worker SDK against a live server")
struct WorkerRunnerTests {
    @Test("workers poll, work and report; a thrown error fails the attempt and its retry succeeds", arguments: StoreKind.allCases)
    func workersRunAWorkflow(kind: StoreKind) async throws {
        try await TestServer.runLive(kind) { _, port, client in
            _ = try await client.send(.post, "/api/metadata/taskdefs", json: #"[{"name": "flaky", "retryCount": 1, "retryDelaySeconds": 0}]"#)
            _ = try await client.send(.post, "/api/metadata/workflow", json: """
                {"name": "sdk", "tasks": [
                  {"name": "double", "taskReferenceName": "double", "inputParameters": {"n": "${workflow.input.n}"}},
                  {"name": "flaky", "taskReferenceName": "flaky", "inputParameters": {"value": "${double.output.value}"}}],
                 "outputParameters": {"result": "${flaky.output.result}"}}
                """)
            let failures = Mutex(0)
            let workers = [
                Worker(taskType: "double") { task in
                    .completed(["value": .int((task.inputData["n"]?.intValue ?? 0) * 2)])
                },
                Worker(taskType: "flaky") { task in
                    struct Flake: Error, CustomStringConvertible { var description: String { "first attempts flake" } }
                    if task.retryCount == 0 {
                        failures.withLock { $0 += 1 }
                        throw Flake()
                    }
                    return .completed(["result": task.inputData["value"] ?? .null])
                },
            ]
            let runner = WorkerRunner(client: Client(baseURL: "http://127.0.0.1:\(port)"), workers: workers, workerId: "swift-sdk")
            let workflow = try await withThrowingTaskGroup(of: Workflow?.self) { group in
                group.addTask {
                    try await runner.run()
                    return nil
                }
                group.addTask {
                    let id = try await client.send(.post, "/api/workflow/sdk", json: #"{"n": 21}"#).text
                    for _ in 0..<150 {
                        let workflow = try await client.send(.get, "/api/workflow/\(id)").decode(Workflow.self)
                        if workflow.status.isTerminal { return workflow }
                        try await _Concurrency.Task.sleep(for: .milliseconds(100))
                    }
                    return try await client.send(.get, "/api/workflow/\(id)").decode(Workflow.self)
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
            let ended = try #require(workflow)
            #expect(ended.status == .completed)
            #expect(ended.output == ["result": 42])
            #expect(failures.withLock { $0 } == 1)
            let flaky = ended.tasks.filter { $0.referenceTaskName == "flaky" }
            #expect(flaky.map(\.status) == [.failed, .completed])
            #expect(flaky.first?.reasonForIncompletion == "first attempts flake")
            #expect(flaky.last?.workerId == "swift-sdk")
        }
    }
}
