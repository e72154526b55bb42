import BatonModel
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Synchronous execution over HTTP")
struct ExecuteAPITests {
    /// The shape of conductor-python's kitchensink: a fork whose branches are an inline
    /// sub-workflow that waits 1 s and a timed WAIT of its own.
    static let timedWaits = #"""
        {"name": "pauses", "tasks": [
          {"name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN", "forkTasks": [
            [{"name": "child", "taskReferenceName": "child", "type": "SUB_WORKFLOW", "subWorkflowParam": {"name": "pause",
               "workflowDefinition": {"name": "pause", "tasks": [{"name": "nap", "taskReferenceName": "nap", "type": "WAIT", "inputParameters": {"duration": "1s"}}]}}}],
            [{"name": "rest", "taskReferenceName": "rest", "type": "WAIT", "inputParameters": {"duration": "1s"}}]]},
          {"name": "join", "taskReferenceName": "join", "type": "JOIN", "joinOn": ["child", "rest"]},
          {"name": "after", "taskReferenceName": "after", "type": "SET_VARIABLE", "inputParameters": {"done": true}}],
         "outputParameters": {"done": "${workflow.variables.done}"}}
        """#

    @Test("execute waits through timed WAITs, in a sub-workflow too, and answers the ended workflow", arguments: StoreKind.allCases)
    func timedWaits(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            #expect(try await client.send(.post, "/api/metadata/workflow", json: Self.timedWaits).status == .ok)
            let run = try await client.send(.post, "/api/workflow/execute/pauses/1?waitForSeconds=60", json: "{}")
            #expect(run.status == .ok)
            let answer = try run.decode([String: JSONValue].self)
            #expect(answer["status"] == "COMPLETED")
            #expect(answer["output"] == ["done": true])
        }
    }

    @Test("execute answers once a WAIT that only a signal ends is reached, in a sub-workflow too", arguments: StoreKind.allCases)
    func signalWait(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "hold", "tasks": [{"name": "hold", "taskReferenceName": "hold", "type": "WAIT"}]}"#)
            _ = try await client.send(.post, "/api/metadata/workflow", json: #"""
                {"name": "outer", "tasks": [{"name": "inner", "taskReferenceName": "inner", "type": "SUB_WORKFLOW", "subWorkflowParam": {"name": "hold"}}]}
                """#)
            let asked = ContinuousClock.now
            let run = try await client.send(.post, "/api/workflow/execute/outer/1?waitForSeconds=300", json: "{}")
            // Nothing but a signal ends this workflow: the answer came at the WAIT, not after 300 s.
            #expect(ContinuousClock.now - asked < .seconds(120))
            let answer = try run.decode([String: JSONValue].self)
            #expect(answer["status"] == "RUNNING")
            let id = try #require(answer["workflowId"]?.stringValue)
            #expect(try await client.send(.post, "/api/tasks/\(id)/COMPLETED/signal", json: "{}").status == .ok)
            let done = try await client.workflow(id) { $0.status.isTerminal }
            #expect(done.status == .completed)
        }
    }
}
