import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: SUB_WORKFLOW")
struct SubWorkflowTaskTests {
    static let step = #"""
        {"name": "child", "taskReferenceName": "child", "type": "SUB_WORKFLOW",
         "inputParameters": {"sku": "${workflow.input.sku}"},
         "subWorkflowParam": {"name": "pick", "version": 2}}
        """#

    /// The start request the decision emits, if any.
    static func start(in decision: Decision) -> StartRequest? {
        decision.effects.lazy.compactMap { if case .startWorkflow(let start) = $0 { start } else { nil } }.first
    }

    static func childEnd(_ harness: Harness, _ status: WorkflowStatus, output: [String: JSONValue] = [:], reason: String? = nil) throws -> WorkflowEvent {
        let task = try harness.latest("child")
        return .childEnded(ChildEnd(
            parent: TaskReference(workflowId: harness.workflow.workflowId, taskId: task.taskId),
            childWorkflowId: try #require(task.subWorkflowId), status: status, output: output, reason: reason))
    }

    @Test func startsTheChildAndWaitsInProgress() throws {
        var harness = Harness(try oneStep(Self.step), input: ["sku": 7], correlationId: "o-1", taskToDomain: ["*": "blue"])
        let start = try #require(Self.start(in: try harness.start()))
        let task = try harness.latest("child")
        #expect(task.status == .inProgress)
        #expect(task.subWorkflowId == start.workflowId)
        #expect(task.outputData["subWorkflowId"] == .string(start.workflowId))
        #expect(start.isChild)
        #expect(start.requester == TaskReference(workflowId: "wf-1", taskId: task.taskId))
        #expect(start.request.name == "pick")
        #expect(start.request.version == 2)
        #expect(start.request.input == ["sku": 7])
        #expect(start.request.correlationId == "o-1")
        #expect(start.request.taskToDomain == ["*": "blue"])
        #expect(harness.open == ["child"])
    }

    @Test func aCompletedChildCompletesTheTaskWithItsOutput() throws {
        var harness = Harness(try oneStep(Self.step))
        try harness.start()
        try harness.send(try Self.childEnd(harness, .completed, output: ["picked": true]))
        let task = try harness.latest("child")
        #expect(task.status == .completed)
        #expect(task.outputData["picked"] == true)
        #expect(task.outputData["subWorkflowId"] != nil)
        #expect(harness.open == ["after"])
    }

    @Test(arguments: [WorkflowStatus.failed, .timedOut, .terminated])
    func aChildThatDidNotCompleteFailsTheTaskAndTheWorkflow(status: WorkflowStatus) throws {
        var harness = Harness(try oneStep(Self.step))
        try harness.start()
        try harness.send(try Self.childEnd(harness, status, reason: "out of stock"))
        let task = try harness.latest("child")
        #expect(task.status == .failed)
        #expect(task.reasonForIncompletion?.contains(status.rawValue) == true)
        #expect(task.reasonForIncompletion?.contains("out of stock") == true)
        #expect(harness.attempts("child").count == 1)
        #expect(harness.workflow.status == .failed)
    }

    @Test func retriesStartANewChildWhenTheTaskDefinitionAllowsThem() throws {
        let definition = try taskDef(#"{"name": "child", "retryCount": 1, "retryDelaySeconds": 0}"#)
        var harness = Harness(try oneStep(Self.step), taskDefs: [definition])
        try harness.start()
        let first = try harness.latest("child")
        let decision = try harness.send(try Self.childEnd(harness, .failed))
        let retry = try harness.latest("child")
        #expect(retry.taskId != first.taskId)
        #expect(retry.retryCount == 1)
        #expect(retry.retriedTaskId == first.taskId)
        #expect(Self.start(in: decision)?.workflowId == retry.subWorkflowId)
        #expect(retry.subWorkflowId != first.subWorkflowId)
        try harness.send(try Self.childEnd(harness, .failed))
        #expect(harness.workflow.status == .failed)
    }

    @Test func aReportFromAnotherChildChangesNothing() throws {
        var harness = Harness(try oneStep(Self.step))
        try harness.start()
        let task = try harness.latest("child")
        let stray = ChildEnd(parent: TaskReference(workflowId: "wf-1", taskId: task.taskId), childWorkflowId: "other",
            status: .completed, output: [:], reason: nil)
        #expect(try harness.send(.childEnded(stray)).isNoOp)
    }

    @Test func terminatingTheParentTerminatesTheChild() throws {
        var harness = Harness(try oneStep(Self.step))
        try harness.start()
        let childId = try #require(try harness.latest("child").subWorkflowId)
        let decision = try harness.send(.terminate(reason: "cancelled order"))
        #expect(try harness.latest("child").status == .canceled)
        let terminations = decision.effects.compactMap { effect -> String? in
            if case .terminateWorkflow(let id, let reason) = effect, reason.contains("cancelled order") { id } else { nil }
        }
        #expect(terminations == [childId])
    }

    @Test func aChildThatEndsTellsItsParentInTheDecisionThatEndsIt() throws {
        var harness = Harness(linearDef(["a"]))
        harness.workflow.parentWorkflowId = "parent-1"
        harness.workflow.parentWorkflowTaskId = "parent-task-1"
        try harness.start()
        try harness.poll("a")
        let decision = try harness.report("a", .completed, output: ["x": 1])
        #expect(harness.workflow.status == .completed)
        let notices = decision.effects.compactMap { if case .notifyParent(let end) = $0 { end } else { nil } }
        #expect(notices == [ChildEnd(
            parent: TaskReference(workflowId: "parent-1", taskId: "parent-task-1"), childWorkflowId: "wf-1",
            status: .completed, output: ["x": 1], reason: nil)])
    }

    @Test func aWorkflowWithoutParentTellsNobody() throws {
        var harness = Harness(linearDef(["a"]))
        try harness.start()
        try harness.poll("a")
        #expect(try harness.report("a", .completed).effects.allSatisfy { !$0.isLinked })
    }

    @Test func anInlineDefinitionTravelsWithTheStart() throws {
        var harness = Harness(try oneStep(#"""
            {"name": "child", "taskReferenceName": "child", "type": "SUB_WORKFLOW",
             "subWorkflowParam": {"name": "ignored", "workflowDefinition": {"name": "inline", "tasks": [{"name": "a", "taskReferenceName": "a"}]}}}
            """#))
        let start = try #require(Self.start(in: try harness.start()))
        #expect(start.request.name == "inline")
        #expect(start.request.workflowDef?.tasks.count == 1)
    }
}
