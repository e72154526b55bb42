import BatonModel
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Sagas over HTTP")
struct CompensationAPITests {
    static let saga = """
        {"name": "order_saga", "version": 1, "compensationPolicy": "REVERSE_ORDER",
         "tasks": [
            {"name": "reserve", "taskReferenceName": "reserve",
             "compensation": {"name": "release", "taskReferenceName": "release", "inputParameters": {"hold": "${reserve.output.hold}"}}},
            {"name": "charge", "taskReferenceName": "charge",
             "compensation": {"name": "refund", "taskReferenceName": "refund", "inputParameters": {"payment": "${charge.output.payment}"}}},
            {"name": "ship", "taskReferenceName": "ship"}
         ]}
        """

    /// Polls one task of `type` and reports it with `status`.
    static func work(
        _ client: some TestClientProtocol, _ type: String, _ status: TaskStatus = .completed, output: [String: JSONValue] = [:]
    ) async throws -> Task {
        let polled = try await client.send(.get, "/api/tasks/poll/batch/\(type)?count=1&timeout=1000").decode([Task].self)
        let task = try #require(polled.first, "no \(type) task to poll")
        var result = TaskResult(taskId: task.taskId, workflowInstanceId: task.workflowInstanceId, status: status, outputData: output)
        result.reasonForIncompletion = status == .completed ? nil : "\(type) broke"
        #expect(try await client.send(.post, "/api/tasks", value: result).status == .ok)
        return task
    }

    @Test("a failed step undoes the completed ones, newest first, and the workflow ends FAILED", arguments: StoreKind.allCases)
    func compensation(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let taskDefs = ["reserve", "charge", "ship", "release", "refund"].map { #"{"name": "\#($0)", "retryCount": 0}"# }
            #expect(try await client.send(.post, "/api/metadata/taskdefs", json: "[" + taskDefs.joined(separator: ",") + "]").status == .ok)
            #expect(try await client.send(.post, "/api/metadata/workflow", json: Self.saga).status == .ok)
            let id = try await client.send(.post, "/api/workflow/order_saga?correlationId=o-9", json: "{}").text

            _ = try await Self.work(client, "reserve", output: ["hold": "H-9"])
            _ = try await Self.work(client, "charge", output: ["payment": "P-9"])
            _ = try await Self.work(client, "ship", .failed)

            var workflow = try await client.send(.get, "/api/workflow/\(id)").decode(Workflow.self)
            #expect(workflow.status == .running)
            #expect(workflow.compensation?.state == .running)
            // Nothing of the release is scheduled while the refund runs.
            #expect(try await client.send(.get, "/api/tasks/poll/batch/release?count=1&timeout=0").decode([Task].self).isEmpty)
            let refund = try await Self.work(client, "refund")
            #expect(refund.inputData == ["payment": "P-9"])
            let release = try await Self.work(client, "release")
            #expect(release.inputData == ["hold": "H-9"])

            workflow = try await client.send(.get, "/api/workflow/\(id)").decode(Workflow.self)
            #expect(workflow.status == .failed)
            #expect(workflow.compensation?.state == .completed)
            #expect(workflow.reasonForIncompletion?.contains("ship broke") == true)
            #expect(workflow.tasks.map(\.referenceTaskName) == ["reserve", "charge", "ship", "refund", "release"])
            let byKey = try await client.send(.get, "/api/workflow/order_saga/correlated/o-9?includeClosed=true").decode([Workflow].self)
            #expect(byKey.map(\.workflowId) == [id])

            // The change feed tells compensation's start and end.
            let feed = try await client.send(.get, "/api/changes?workflowId=\(id)&types=compensation").decode([String: JSONValue].self)
            let phases = feed["results"]?.arrayValue?.map { $0["status"]?.stringValue } ?? []
            #expect(phases == ["RUNNING", "COMPLETED"])
        }
    }

    @Test("a failed workflow starts its failure workflow after compensating", arguments: StoreKind.allCases)
    func failureWorkflow(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let taskDefs = ["reserve", "charge", "ship", "release", "refund", "alert"].map { #"{"name": "\#($0)", "retryCount": 0}"# }
            _ = try await client.send(.post, "/api/metadata/taskdefs", json: "[" + taskDefs.joined(separator: ",") + "]")
            _ = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "cleanup", "tasks": [{"name": "alert", "taskReferenceName": "alert", "inputParameters": {"failed": "${workflow.input.workflowId}"}}]}"#)
            let saga = Self.saga.replacingOccurrences(of: #""compensationPolicy": "REVERSE_ORDER","#, with: #""compensationPolicy": "REVERSE_ORDER", "failureWorkflow": "cleanup","#)
            #expect(try await client.send(.post, "/api/metadata/workflow", json: saga).status == .ok)
            let id = try await client.send(.post, "/api/workflow/order_saga", json: #"{"orderId": "o-5"}"#).text
            _ = try await Self.work(client, "reserve", output: ["hold": "H-5"])
            _ = try await Self.work(client, "charge", .failed)
            // The failure workflow waits for the compensation.
            #expect(try await client.send(.get, "/api/workflow/search?query=workflowType%3Dcleanup").decode(SearchResult<WorkflowSummary>.self).totalHits == 0)
            _ = try await Self.work(client, "release")

            let failed = try await client.send(.get, "/api/workflow/\(id)").decode(Workflow.self)
            #expect(failed.status == .failed)
            let cleanupId = try #require(failed.output["conductor.failure_workflow"]?.stringValue)
            let cleanup = try await client.send(.get, "/api/workflow/\(cleanupId)").decode(Workflow.self)
            #expect(cleanup.workflowName == "cleanup")
            #expect(cleanup.input["workflowId"] == .string(id))
            #expect(cleanup.input["orderId"] == "o-5")
            #expect(cleanup.input["failureStatus"] == "FAILED")
            let alert = try await Self.work(client, "alert")
            #expect(alert.inputData["failed"] == .string(id))
        }
    }
}
