import BatonModel
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Signals over HTTP")
struct SignalAPITests {
    @Test("a signal completes what the workflow waits on, in a sub-workflow too", arguments: StoreKind.allCases)
    func signals(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "approval", "tasks": [{"name": "approve", "taskReferenceName": "approve", "type": "HUMAN"}]}"#)
            _ = try await client.send(.post, "/api/metadata/workflow", json: """
                {"name": "parent", "tasks": [
                  {"name": "wait", "taskReferenceName": "wait", "type": "WAIT"},
                  {"name": "child", "taskReferenceName": "child", "type": "SUB_WORKFLOW", "subWorkflowParam": {"name": "approval"}}],
                 "outputParameters": {"approved": "${child.output.approved}"}}
                """)
            let id = try await client.send(.post, "/api/workflow/parent", json: "{}").text

            #expect(try await client.send(.post, "/api/tasks/\(id)/COMPLETED/signal", json: #"{"waited": true}"#).status == .ok)
            var workflow = try await client.send(.get, "/api/workflow/\(id)").decode(Workflow.self)
            #expect(workflow.tasks.first?.status == .completed)
            #expect(workflow.tasks.first?.outputData["waited"] == true)

            // The parent waits on its child's HUMAN task: the signal reaches it there.
            let run = try await client.send(.post, "/api/tasks/\(id)/COMPLETED/signal/sync", json: #"{"approved": "yes"}"#)
            #expect(run.status == .ok)
            #expect(try run.decode([String: JSONValue].self)["responseType"] == "TARGET_WORKFLOW")
            workflow = try await client.send(.get, "/api/workflow/\(id)").decode(Workflow.self)
            #expect(workflow.status == .completed)
            #expect(workflow.output["approved"] == "yes")

            let nothing = try await client.send(.post, "/api/tasks/\(id)/COMPLETED/signal/sync", json: "{}")
            #expect(nothing.status == .notFound)
            let bogus = try await client.send(.post, "/api/tasks/\(id)/SKIPPED/signal", json: "{}")
            #expect(bogus.status == .badRequest)
            #expect(bogus.message?.contains("SKIPPED") == true)
        }
    }
}
