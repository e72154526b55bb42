import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: DYNAMIC")
struct DynamicTaskTests {
    @Test func runsTheNamedTaskAsAWorkerTaskUnderTheDynamicReference() throws {
        let definition = try oneStep(#"{"name": "dyn", "taskReferenceName": "dyn", "type": "DYNAMIC", "dynamicTaskNameParam": "which", "inputParameters": {"which": "${workflow.input.task}", "x": 1}}"#)
        var harness = Harness(definition, input: ["task": "ship_by_sea"], taskDefs: [try taskDef(#"{"name": "ship_by_sea", "retryCount": 0}"#)])
        let decision = try harness.start()
        let task = try harness.latest("dyn")
        #expect(task.taskDefName == "ship_by_sea")
        #expect(task.taskType == "ship_by_sea")
        #expect(decision.enqueued.map(\.taskType) == ["ship_by_sea"])
        #expect(task.workflowTask.taskDefinition?.retryCount == 0)
        try harness.run("dyn")
        #expect(harness.open == ["after"])
    }

    @Test func aSystemTypeRunsInTheDecider() throws {
        let definition = try oneStep(#"{"name": "dyn", "taskReferenceName": "dyn", "type": "DYNAMIC", "dynamicTaskNameParam": "which", "inputParameters": {"which": "NOOP"}}"#)
        var harness = Harness(definition)
        try harness.start()
        #expect(try harness.latest("dyn").status == .completed)
        #expect(harness.open == ["after"])
    }

    @Test func aMissingNameFailsTheWorkflow() throws {
        let definition = try oneStep(#"{"name": "dyn", "taskReferenceName": "dyn", "type": "DYNAMIC", "dynamicTaskNameParam": "which"}"#)
        var harness = Harness(definition)
        try harness.start()
        #expect(harness.workflow.status == .failed)
        #expect(harness.workflow.reasonForIncompletion?.contains("'which'") == true)
    }
}
