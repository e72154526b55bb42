import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: HUMAN")
struct HumanTaskTests {
    @Test func waitsInProgressUntilCompletedThroughTheTaskAPI() throws {
        var harness = Harness(try oneStep(#"{"name": "approve", "taskReferenceName": "approve", "type": "HUMAN"}"#))
        let decision = try harness.start()
        #expect(decision.enqueued.isEmpty)
        #expect(try harness.latest("approve").status == .inProgress)
        let poll = try harness.poll("approve")
        #expect(poll.deliveredTask == nil)
        try harness.complete("approve", output: ["approved": true])
        #expect(try harness.latest("approve").outputData == ["approved": true])
        #expect(harness.open == ["after"])
    }

    @Test func aRejectionFailsTheWorkflowWithoutRetry() throws {
        var harness = Harness(try oneStep(#"{"name": "approve", "taskReferenceName": "approve", "type": "HUMAN"}"#))
        try harness.start()
        try harness.complete("approve", .failed)
        #expect(harness.attempts("approve").count == 1)
        #expect(harness.workflow.status == .failed)
    }
}
