import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: START_WORKFLOW")
struct StartWorkflowTaskTests {
    static let step = #"""
        {"name": "kick", "taskReferenceName": "kick", "type": "START_WORKFLOW",
         "inputParameters": {"startWorkflow": {"name": "audit", "version": 1, "input": {"order": "${workflow.input.order}"}, "correlationId": "c-9"}}}
        """#

    @Test func asksForTheStartAndCompletesWithTheNewIdWithoutWaiting() throws {
        var harness = Harness(try oneStep(Self.step), input: ["order": "o-1"])
        let decision = try harness.start()
        let start = try #require(decision.effects.lazy.compactMap { if case .startWorkflow(let s) = $0 { s } else { nil } }.first)
        #expect(!start.isChild)
        #expect(start.request.name == "audit")
        #expect(start.request.version == 1)
        #expect(start.request.input == ["order": "o-1"])
        #expect(start.request.correlationId == "c-9")
        #expect(try harness.latest("kick").status == .inProgress)
        try harness.send(.workflowStarted(taskId: try #require(start.requester).taskId, workflowId: start.workflowId))
        let task = try harness.latest("kick")
        #expect(task.status == .completed)
        #expect(task.outputData == ["workflowId": .string(start.workflowId)])
        #expect(harness.open == ["after"])
    }

    @Test func aStartThatFailsFailsTheTask() throws {
        var harness = Harness(try oneStep(Self.step))
        try harness.start()
        try harness.send(.startFailed(taskId: try harness.latest("kick").taskId, reason: "No such workflow defined. name=audit"))
        #expect(try harness.latest("kick").status == .failed)
        #expect(try harness.latest("kick").reasonForIncompletion == "No such workflow defined. name=audit")
        #expect(harness.workflow.status == .failed)
    }

    @Test func anInputWithoutANameFailsAtOnce() throws {
        var harness = Harness(try oneStep(#"{"name": "kick", "taskReferenceName": "kick", "type": "START_WORKFLOW", "inputParameters": {"startWorkflow": {"version": 1}}}"#))
        let decision = try harness.start()
        #expect(decision.effects.allSatisfy { !$0.isLinked })
        #expect(harness.workflow.status == .failed)
        #expect(try harness.latest("kick").reasonForIncompletion?.contains("name") == true)
    }
}
