import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: TERMINATE")
struct TerminateTaskTests {
    static let definition = #"""
        {"name": "t", "tasks": [
          {"name": "f", "taskReferenceName": "f", "type": "FORK_JOIN", "forkTasks": [[{"name": "slow", "taskReferenceName": "slow"}],
            [{"name": "stop", "taskReferenceName": "stop", "type": "TERMINATE", "inputParameters": {
               "terminationStatus": "${workflow.input.status}", "terminationReason": "enough", "workflowOutput": {"done": 1}}}]]},
          {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["slow", "stop"]}
        ]}
        """#

    @Test func completedEndsTheWorkflowAtOnceWithItsOutputAndCancelsTheRest() throws {
        var harness = Harness(try workflowDef(Self.definition), input: ["status": "COMPLETED"])
        let decision = try harness.start()
        #expect(harness.workflow.status == .completed)
        #expect(harness.workflow.output == ["done": 1])
        #expect(harness.workflow.reasonForIncompletion == "enough")
        #expect(try harness.latest("stop").status == .completed)
        #expect(try harness.latest("slow").status == .canceled)
        #expect(harness.attempts("j").isEmpty)  // nothing is scheduled after the end
        let slow = try harness.latest("slow").taskId
        #expect(decision.enqueued.map(\.taskId) == [slow])  // the start decision enqueued it, and ended it
        #expect(harness.workflow.tasks.filter { !$0.status.isTerminal }.isEmpty)
    }

    @Test func failedFailsTheWorkflowNamingTheTask() throws {
        var harness = Harness(try workflowDef(Self.definition), input: ["status": "FAILED"])
        try harness.start()
        #expect(harness.workflow.status == .failed)
        #expect(harness.workflow.failedReferenceTaskNames == ["stop"])
    }

    @Test func failedKeepsItsOutputAndAddsTheFailureWorkflowsId() throws {
        let definition = Self.definition.replacingOccurrences(of: #"{"name": "t", "#, with: #"{"name": "t", "failureWorkflow": "cleanup", "#)
        var harness = Harness(try workflowDef(definition), input: ["status": "FAILED"])
        try harness.start()
        #expect(harness.workflow.status == .failed)
        #expect(harness.workflow.output["done"] == 1)
        #expect(harness.workflow.output["conductor.failure_workflow"]?.stringValue != nil)
        #expect(harness.workflow.output.count == 2)
    }

    @Test func anUnknownStatusFailsTheTask() throws {
        var harness = Harness(try workflowDef(Self.definition), input: ["status": "MAYBE"])
        try harness.start()
        #expect(try harness.latest("stop").status == .failedWithTerminalError)
        #expect(harness.workflow.status == .failed)
    }
}
