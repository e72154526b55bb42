import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: INLINE")
struct InlineTaskTests {
    @Test func evaluatesTheExpressionWithTheInputAsDollar() throws {
        var harness = Harness(try oneStep(#"{"name": "i", "taskReferenceName": "i", "type": "INLINE", "inputParameters": {"evaluatorType": "javascript", "expression": "$.n > 2", "n": "${workflow.input.n}"}}"#), input: ["n": 3])
        try harness.start()
        #expect(try harness.latest("i").status == .completed)
        #expect(try harness.latest("i").outputData == ["result": true])
        #expect(harness.open == ["after"])
    }

    @Test func aScriptErrorFailsTheTaskWithItsMessage() throws {
        var harness = Harness(try oneStep(#"{"name": "i", "taskReferenceName": "i", "type": "INLINE", "inputParameters": {"evaluatorType": "javascript", "expression": "throw 'boom'"}}"#))
        try harness.start()
        #expect(try harness.latest("i").status == .failed)
        #expect(try harness.latest("i").reasonForIncompletion == "Error: 'boom'")
        #expect(harness.workflow.status == .failed)
    }
}
