import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: WAIT")
struct WaitTaskTests {
    func definition(_ input: String) throws -> WorkflowDef {
        try workflowDef("""
            {"name": "wait", "tasks": [{"name": "w", "taskReferenceName": "w", "type": "WAIT", "inputParameters": \(input)},
                                       {"name": "after", "taskReferenceName": "after"}]}
            """)
    }

    @Test(arguments: [("2d 3h 10m 30s", 2 * 86_400 + 3 * 3_600 + 10 * 60 + 30), ("30d", 30 * 86_400)])
    func aDurationWaitsInProgressUntilItsDeadlineThenCompletes(duration: String, seconds: Int) throws {
        var harness = Harness(try definition(#"{"duration": "\#(duration)"}"#))
        let decision = try harness.start()
        #expect(decision.enqueued.isEmpty)
        #expect(try harness.latest("w").status == .inProgress)
        #expect(try harness.latest("w").waitTimeout == startTime + seconds * 1000)
        #expect(decision.wakeAt == startTime + seconds * 1000)
        harness.advance(seconds: Double(seconds - 1))
        try harness.send(.timer)
        #expect(try harness.latest("w").status == .inProgress)
        harness.advance(seconds: 1)
        try harness.send(.timer)
        #expect(try harness.latest("w").status == .completed)
        #expect(harness.open == ["after"])
    }

    @Test func untilADateWithAZone() throws {
        var harness = Harness(try definition(#"{"until": "2023-11-15 00:00 +02:00"}"#))
        try harness.start()
        #expect(try harness.latest("w").waitTimeout == 1_699_999_200_000)  // 2023-11-14 22:00 UTC
        #expect(WaitTime.epochMilliseconds(of: "2023-11-14 22:13") == 1_699_999_980_000)
        #expect(WaitTime.epochMilliseconds(of: "2023-11-15 00:13 +02:00") == 1_699_999_980_000)
        #expect(WaitTime.epochMilliseconds(of: "2023-11-14 22:13 UTC") == 1_699_999_980_000)
        #expect(WaitTime.epochMilliseconds(of: "2023-11-14") == 1_699_920_000_000)
        #expect(WaitTime.epochMilliseconds(of: "2023-02-30 10:00") == nil)
        #expect(WaitTime.epochMilliseconds(of: "tomorrow") == nil)
    }

    @Test func durationsParseAsConductorWritesThem() {
        #expect(WaitTime.seconds(in: "30s") == 30)
        #expect(WaitTime.seconds(in: "10 mins") == 600)
        #expect(WaitTime.seconds(in: "1 day 2 hours") == 93_600)
        #expect(WaitTime.seconds(in: "5m 2d") == nil)
        #expect(WaitTime.seconds(in: "") == nil)
        #expect(WaitTime.seconds(in: "soon") == nil)
    }

    @Test func withoutInputItWaitsForTheTaskAPI() throws {
        var harness = Harness(try definition("{}"))
        try harness.start()
        #expect(try harness.latest("w").waitTimeout == nil)
        #expect(harness.workflow.nextDeadline == nil)
        let progress = try harness.complete("w", .inProgress, output: ["seen": true])
        #expect(progress.enqueued.isEmpty)
        #expect(try harness.latest("w").status == .inProgress)
        try harness.complete("w", output: ["ok": true])
        #expect(harness.open == ["after"])
    }

    @Test func aPausedWorkflowLetsItsWaitPassAndGoesOnWhenResumed() throws {
        var harness = Harness(try definition(#"{"duration": "10s"}"#))
        try harness.start()
        try harness.send(.pause)
        harness.advance(seconds: 20)
        try harness.send(.timer)
        #expect(try harness.latest("w").status == .inProgress)
        let resumed = try harness.send(.resume)
        #expect(resumed.wakeAt.map { $0 <= harness.now } == true)
        try harness.send(.timer)
        #expect(harness.open == ["after"])
    }

    @Test func aBadDurationFailsTheWait() throws {
        var harness = Harness(try definition(#"{"duration": "${workflow.input.d}"}"#), input: ["d": "later"])
        try harness.start()
        #expect(try harness.latest("w").status == .failedWithTerminalError)
        #expect(harness.workflow.status == .failed)
    }
}
