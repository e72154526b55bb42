import BatonModel
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

extension TestClientProtocol {
    func workflow(_ id: String) async throws -> Workflow {
        try await send(.get, "/api/workflow/\(id)").decode(Workflow.self)
    }

    /// Polls and completes the one task of `taskType` with `status` and `output`.
    func work(_ taskType: String, _ status: TaskStatus = .completed, output: [String: JSONValue] = [:]) async throws {
        let task = try #require(try await send(.get, "/api/tasks/poll/batch/\(taskType)?count=1&timeout=2000").decode([Task].self).first)
        let result = TaskResult(taskId: task.taskId, workflowInstanceId: task.workflowInstanceId, status: status, outputData: output)
        #expect(try await send(.post, "/api/tasks", value: result).status == .ok)
    }

    /// The execution once `condition` holds, or as it stands after `seconds`.
    func workflow(_ id: String, within seconds: Double = 10, until condition: (Workflow) -> Bool) async throws -> Workflow {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let workflow = try await workflow(id)
            if condition(workflow) || Date() > deadline { return workflow }
            try await _Concurrency.Task.sleep(for: .milliseconds(50))
        }
    }
}

@Suite("SUB_WORKFLOW and START_WORKFLOW over HTTP")
struct SubWorkflowAPITests {
    static let child = #"""
        {"name": "pick", "version": 1, "tasks": [{"name": "pick_item", "taskReferenceName": "pick_item", "inputParameters": {"sku": "${workflow.input.sku}"}}],
         "outputParameters": {"bin": "${pick_item.output.bin}"}}
        """#
    static let parent = #"""
        {"name": "order", "version": 1, "tasks": [
           {"name": "pick", "taskReferenceName": "pick", "type": "SUB_WORKFLOW", "inputParameters": {"sku": "${workflow.input.sku}"},
            "subWorkflowParam": {"name": "pick", "version": 1}},
           {"name": "ship", "taskReferenceName": "ship", "inputParameters": {"bin": "${pick.output.bin}"}}]}
        """#

    func register(_ client: some TestClientProtocol) async throws {
        #expect(try await client.send(.post, "/api/metadata/workflow", json: Self.child).status == .ok)
        #expect(try await client.send(.post, "/api/metadata/workflow", json: Self.parent).status == .ok)
    }

    @Test("the parent waits for its child and gets its output", arguments: StoreKind.allCases)
    func parentGetsChildOutput(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            try await register(client)
            let parentId = try await client.send(.post, "/api/workflow/order", json: #"{"sku": 42}"#).text
            let parent = try await client.workflow(parentId)
            let task = try #require(parent.tasks.first)
            #expect(task.status == .inProgress)
            let childId = try #require(task.subWorkflowId)
            let child = try await client.workflow(childId)
            #expect(child.parentWorkflowId == parentId)
            #expect(child.parentWorkflowTaskId == task.taskId)
            #expect(child.input == ["sku": 42])
            #expect(child.status == .running)

            try await client.work("pick_item", output: ["bin": "B-7"])
            #expect(try await client.workflow(childId).status == .completed)
            let after = try await client.workflow(parentId)
            #expect(after.tasks.first?.status == .completed)
            #expect(after.tasks.first?.outputData["bin"] == "B-7")
            #expect(after.tasks.last?.referenceTaskName == "ship")
            #expect(after.tasks.last?.inputData == ["bin": "B-7"])
        }
    }

    @Test("a child that fails fails its parent", arguments: StoreKind.allCases)
    func childFailureFailsParent(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/taskdefs", json: #"[{"name": "pick_item", "retryCount": 0}]"#)
            try await register(client)
            let parentId = try await client.send(.post, "/api/workflow/order", json: #"{"sku": 1}"#).text
            try await client.work("pick_item", .failed)
            let parent = try await client.workflow(parentId)
            #expect(parent.status == .failed)
            #expect(parent.tasks.first?.status == .failed)
            #expect(parent.tasks.first?.reasonForIncompletion?.contains("FAILED") == true)
        }
    }

    @Test("terminating the parent terminates its child", arguments: StoreKind.allCases)
    func terminateParentTerminatesChild(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            try await register(client)
            let parentId = try await client.send(.post, "/api/workflow/order", json: #"{"sku": 1}"#).text
            let childId = try #require(try await client.workflow(parentId).tasks.first?.subWorkflowId)
            #expect(try await client.send(.delete, "/api/workflow/\(parentId)?reason=cancelled").status == .ok)
            let child = try await client.workflow(childId)
            #expect(child.status == .terminated)
            #expect(child.reasonForIncompletion?.contains("cancelled") == true)
            #expect(try await client.workflow(parentId).status == .terminated)
            #expect(try await client.send(.get, "/api/tasks/poll/pick_item").status == .noContent)
        }
    }

    @Test("a SUB_WORKFLOW naming an unregistered workflow is refused at registration", arguments: StoreKind.allCases)
    func unknownChildIsRefused(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let response = try await client.send(.post, "/api/metadata/workflow", json: Self.parent)
            #expect(response.status == .badRequest)
            #expect(response.message?.contains("'pick'") == true)
            #expect(response.message?.contains("not registered") == true)
        }
    }

    @Test("START_WORKFLOW starts a workflow and does not wait for it", arguments: StoreKind.allCases)
    func startWorkflowDoesNotWait(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            try await register(client)
            let starter = #"""
                {"name": "kickoff", "tasks": [{"name": "start", "taskReferenceName": "start", "type": "START_WORKFLOW",
                  "inputParameters": {"startWorkflow": {"name": "pick", "input": {"sku": "${workflow.input.sku}"}, "correlationId": "c-1"}}}]}
                """#
            #expect(try await client.send(.post, "/api/metadata/workflow", json: starter).status == .ok)
            let starterId = try await client.send(.post, "/api/workflow/kickoff", json: #"{"sku": 5}"#).text
            let done = try await client.workflow(starterId)
            #expect(done.status == .completed)
            let startedId = try #require(done.tasks.first?.outputData["workflowId"]?.stringValue)
            let started = try await client.workflow(startedId)
            #expect(started.status == .running)
            #expect(started.parentWorkflowId == nil)
            #expect(started.correlationId == "c-1")
            #expect(started.input == ["sku": 5])
        }
    }
}
