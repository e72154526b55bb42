import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: JSON_JQ_TRANSFORM")
struct JSONJQTransformTaskTests {
    @Test func completesWithTheFirstResultAndTheList() throws {
        var harness = Harness(try oneStep(#"{"name": "q", "taskReferenceName": "q", "type": "JSON_JQ_TRANSFORM", "inputParameters": {"queryExpression": ".items[]", "items": [1, 2]}}"#))
        try harness.start()
        #expect(try harness.latest("q").outputData == ["result": 1, "resultList": [1, 2]])
        #expect(harness.open == ["after"])
    }

    @Test func aJQErrorFailsTheTask() throws {
        var harness = Harness(try oneStep(#"{"name": "q", "taskReferenceName": "q", "type": "JSON_JQ_TRANSFORM", "inputParameters": {"queryExpression": "error"}}"#))
        try harness.start()
        #expect(try harness.latest("q").status == .failed)
        #expect(try harness.latest("q").outputData["error"] != nil)
    }
}
