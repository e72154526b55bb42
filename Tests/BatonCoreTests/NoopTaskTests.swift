import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: NOOP")
struct NoopTaskTests {
    @Test func completesAtOnceWithoutAQueue() throws {
        var harness = Harness(try oneStep(#"{"name": "n", "taskReferenceName": "n", "type": "NOOP"}"#, then: false))
        let decision = try harness.start()
        #expect(try harness.latest("n").status == .completed)
        #expect(try harness.latest("n").taskType == "NOOP")
        #expect(decision.enqueued.isEmpty)
        #expect(harness.workflow.status == .completed)
    }
}
