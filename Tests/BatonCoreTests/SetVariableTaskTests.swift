import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: SET_VARIABLE")
struct SetVariableTaskTests {
    @Test func mergesItsInputIntoTheVariablesAndCompletesAtOnce() throws {
        var definition = try oneStep(#"{"name": "set", "taskReferenceName": "set", "type": "SET_VARIABLE", "inputParameters": {"count": "${workflow.input.n}", "flag": true}}"#)
        definition.variables = ["count": 0, "kept": "yes"]
        definition.tasks[1].inputParameters = ["seen": "${workflow.variables.count}"]
        var harness = Harness(definition, input: ["n": 5])
        let decision = try harness.start()
        #expect(try harness.latest("set").status == .completed)
        #expect(harness.workflow.variables == ["count": 5, "flag": true, "kept": "yes"])
        #expect(try harness.latest("after").inputData == ["seen": 5])
        #expect(decision.enqueued.map(\.taskType) == ["after"])
    }
}
