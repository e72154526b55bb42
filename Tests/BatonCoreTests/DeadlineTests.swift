import Testing
@testable import BatonCore
import BatonModel

@Suite("Decider: deadlines")
struct DeadlineTests {
    /// A one-step workflow `a` whose task definition is `taskDefJSON` (inline), started.
    func started(_ taskDefJSON: String, workflowJSON: String = "", startDelay: Int? = nil) throws -> Harness {
        var definition = try workflowDef(#"{"name": "w", \#(workflowJSON) "tasks": [{"name": "a", "taskReferenceName": "a"}, {"name": "b", "taskReferenceName": "b"}]}"#)
        definition.tasks[0].taskDefinition = try taskDef(taskDefJSON)
        definition.tasks[0].startDelay = startDelay
        var harness = Harness(definition)
        try harness.start()
        return harness
    }

    // MARK: responseTimeoutSeconds

    @Test func responseTimeoutTimesOutTheAttemptAndRetriesIt() throws {
        var harness = try started(#"{"name": "a", "responseTimeoutSeconds": 10, "retryCount": 1, "retryDelaySeconds": 0}"#)
        harness.advance(seconds: 1)
        try harness.poll("a")
        let polledAt = harness.now
        #expect(try harness.send(.timer).wakeAt == polledAt + 10_000)

        harness.advance(seconds: 9.999)
        let early = try harness.send(.timer)
        #expect(early.isNoOp)
        #expect(try harness.latest("a").status == .inProgress)

        harness.advance(seconds: 0.001)
        let decision = try harness.send(.timer)
        let attempts = harness.attempts("a")
        #expect(attempts.map(\.status) == [.timedOut, .scheduled])
        #expect(attempts[0].reasonForIncompletion?.contains("responseTimeoutSeconds") == true)
        #expect(attempts[0].endTime == harness.now)
        #expect(attempts[1].retryCount == 1)
        #expect(attempts[1].retriedTaskId == attempts[0].taskId)
        #expect(decision.dequeued == [attempts[0].taskId])
        #expect(decision.enqueued.map(\.taskId) == [attempts[1].taskId])
        #expect(decision.enqueued.map(\.visibleAt) == [harness.now])
        #expect(harness.workflow.status == .running)
    }

    @Test func responseTimeoutWithoutRetriesLeftTimesOutTheWorkflow() throws {
        var harness = try started(#"{"name": "a", "responseTimeoutSeconds": 10, "retryCount": 0}"#)
        try harness.poll("a")
        harness.advance(seconds: 10)
        let decision = try harness.send(.timer)
        #expect(decision.workflow.status == .timedOut)
        #expect(decision.workflow.failedReferenceTaskNames == ["a"])
        #expect(decision.workflow.reasonForIncompletion?.contains("responseTimeoutSeconds") == true)
        #expect(decision.enqueued.isEmpty)
        #expect(decision.wakeAt == nil)
    }

    @Test func extendLeaseAndProgressReportsPushTheResponseDeadline() throws {
        var harness = try started(#"{"name": "a", "responseTimeoutSeconds": 10}"#)
        try harness.poll("a")
        harness.advance(seconds: 8)
        try harness.report("a", .inProgress, extendLease: true)
        #expect(harness.workflow.nextDeadline == harness.now + 10_000)
        harness.advance(seconds: 8)
        #expect(try harness.send(.timer).isNoOp)

        // A progress report puts the attempt back in its queue (SCHEDULED, as in Conductor): no
        // response deadline runs until a worker polls it again.
        let decision = try harness.report("a", .inProgress, callbackAfterSeconds: 30)
        #expect(try harness.latest("a").status == .scheduled)
        #expect(decision.wakeAt == nil)
        harness.advance(seconds: 30)
        #expect(try harness.poll("a").wakeAt == harness.now + 10_000)
        harness.advance(seconds: 10)
        try harness.send(.timer)
        #expect(harness.attempts("a").first?.status == .timedOut)
    }

    // MARK: pollTimeoutSeconds

    @Test func pollTimeoutWithRetryPolicyRetries() throws {
        var harness = try started(#"{"name": "a", "pollTimeoutSeconds": 5, "timeoutPolicy": "RETRY", "retryCount": 1, "retryDelaySeconds": 0}"#)
        #expect(harness.workflow.nextDeadline == startTime + 5000)
        harness.advance(seconds: 5)
        let decision = try harness.send(.timer)
        #expect(harness.attempts("a").map(\.status) == [.timedOut, .scheduled])
        #expect(harness.attempts("a")[0].reasonForIncompletion?.contains("poll timed out") == true)
        #expect(decision.dequeued == [harness.attempts("a")[0].taskId])
        #expect(decision.wakeAt == harness.now + 5000)
    }

    @Test func pollTimeoutWithTimeOutWorkflowPolicyTimesOutTheWorkflow() throws {
        var harness = try started(#"{"name": "a", "pollTimeoutSeconds": 5, "retryCount": 3}"#)
        harness.advance(seconds: 5)
        let decision = try harness.send(.timer)
        #expect(decision.workflow.status == .timedOut)
        #expect(decision.workflow.failedReferenceTaskNames == ["a"])
        #expect(harness.attempts("a").map(\.status) == [.timedOut])
        #expect(decision.enqueued.isEmpty)
    }

    @Test func aPolledAttemptHasNoPollDeadline() throws {
        var harness = try started(#"{"name": "a", "pollTimeoutSeconds": 5, "responseTimeoutSeconds": 100}"#)
        harness.advance(seconds: 4)
        let decision = try harness.poll("a")
        #expect(decision.wakeAt == harness.now + 100_000)
        harness.advance(seconds: 10)
        #expect(try harness.send(.timer).isNoOp)
    }

    @Test func pollTimeoutCountsFromWhenARetryBecomesVisible() throws {
        var harness = try started(#"{"name": "a", "pollTimeoutSeconds": 5, "timeoutPolicy": "RETRY", "retryCount": 2, "retryDelaySeconds": 10}"#)
        let decision = try harness.fail("a")
        let visibleAt = try #require(decision.enqueued.first).visibleAt
        #expect(visibleAt == harness.now + 10_000)
        #expect(decision.wakeAt == visibleAt + 5000)
    }

    @Test func pollTimeoutCountsFromTheEndOfTheStartDelay() throws {
        let harness = try started(#"{"name": "a", "pollTimeoutSeconds": 5}"#, startDelay: 20)
        #expect(harness.workflow.nextDeadline == startTime + 25_000)
    }

    // MARK: timeoutSeconds

    @Test func taskTimeoutWithRetryPolicyRetries() throws {
        var harness = try started(
            #"{"name": "a", "timeoutSeconds": 30, "responseTimeoutSeconds": 20, "timeoutPolicy": "RETRY", "retryCount": 1, "retryDelaySeconds": 0}"#)
        try harness.poll("a")
        let polledAt = harness.now
        harness.advance(seconds: 15)
        let lease = try harness.report("a", .inProgress, extendLease: true)
        #expect(lease.wakeAt == polledAt + 30_000)
        harness.advance(seconds: 15)
        let decision = try harness.send(.timer)
        let attempts = harness.attempts("a")
        #expect(attempts.map(\.status) == [.timedOut, .scheduled])
        #expect(attempts[0].reasonForIncompletion?.contains("timed out after 30 seconds") == true)
        #expect(decision.workflow.status == .running)
        #expect(decision.enqueued.map(\.taskId) == [attempts[1].taskId])
    }

    @Test func taskTimeoutWithTimeOutWorkflowPolicyTimesOutTheWorkflow() throws {
        // The response timeout passes at the same moment; the task's own timeout and its policy win.
        var harness = try started(#"{"name": "a", "timeoutSeconds": 30, "responseTimeoutSeconds": 30, "timeoutPolicy": "TIME_OUT_WF", "retryCount": 3}"#)
        try harness.poll("a")
        harness.advance(seconds: 30)
        let decision = try harness.send(.timer)
        #expect(decision.workflow.status == .timedOut)
        #expect(decision.workflow.reasonForIncompletion?.contains("30 seconds") == true)
        #expect(decision.workflow.failedReferenceTaskNames == ["a"])
        #expect(decision.workflow.endTime == harness.now)
        #expect(harness.attempts("a").map(\.status) == [.timedOut])
        #expect(decision.enqueued.isEmpty)
        #expect(harness.attempts("b").isEmpty)
    }

    @Test func aLateTimerActsOnDeadlinesInTheOrderTheyPassed() throws {
        // The response deadline (10 s) passed before the task's own timeout (30 s, TIME_OUT_WF):
        // the attempt is retried, as it would have been had the timer fired on time.
        var harness = try started(
            #"{"name": "a", "timeoutSeconds": 30, "responseTimeoutSeconds": 10, "timeoutPolicy": "TIME_OUT_WF", "retryCount": 1, "retryDelaySeconds": 0}"#)
        try harness.poll("a")
        harness.advance(seconds: 45)
        let decision = try harness.send(.timer)
        #expect(decision.workflow.status == .running)
        #expect(harness.attempts("a").map(\.status) == [.timedOut, .scheduled])
        #expect(harness.attempts("a")[0].reasonForIncompletion?.contains("responseTimeoutSeconds") == true)
    }

    @Test func taskTimeoutWithAlertOnlyPolicyLeavesTheTaskRunning() throws {
        var harness = try started(#"{"name": "a", "timeoutSeconds": 30, "timeoutPolicy": "ALERT_ONLY"}"#)
        let decision = try harness.poll("a")
        #expect(decision.wakeAt == harness.now + 3_600_000)  // only the default response timeout
        harness.advance(seconds: 31)
        #expect(try harness.send(.timer).isNoOp)
        #expect(try harness.latest("a").status == .inProgress)
    }

    // MARK: workflow timeoutSeconds

    @Test func workflowTimeoutWithTimeOutWorkflowPolicy() throws {
        var harness = try started(#"{"name": "a"}"#, workflowJSON: #""timeoutSeconds": 60, "timeoutPolicy": "TIME_OUT_WF","#)
        #expect(harness.workflow.nextDeadline == startTime + 60_000)
        harness.advance(seconds: 59)
        #expect(try harness.send(.timer).isNoOp)
        try harness.poll("a")
        harness.advance(seconds: 1)
        let decision = try harness.send(.timer)
        #expect(decision.workflow.status == .timedOut)
        #expect(decision.workflow.reasonForIncompletion?.contains("60 seconds") == true)
        #expect(harness.attempts("a").map(\.status) == [.canceled])
        #expect(decision.dequeued == [harness.attempts("a")[0].taskId])
        #expect(decision.enqueued.isEmpty)
        #expect(decision.wakeAt == nil)
    }

    @Test func workflowTimeoutWithAlertOnlyPolicyKeepsRunning() throws {
        var harness = try started(#"{"name": "a"}"#, workflowJSON: #""timeoutSeconds": 60, "timeoutPolicy": "ALERT_ONLY","#)
        #expect(harness.workflow.nextDeadline == nil)
        harness.advance(seconds: 600)
        #expect(try harness.send(.timer).isNoOp)
        #expect(harness.workflow.status == .running)
    }

    @Test func workflowTimeoutCountsFromTheLastRetry() throws {
        var harness = try started(#"{"name": "a"}"#, workflowJSON: #""timeoutSeconds": 60, "timeoutPolicy": "TIME_OUT_WF","#)
        harness.advance(seconds: 60)
        try harness.send(.timer)
        #expect(harness.workflow.status == .timedOut)
        harness.advance(seconds: 100)
        let retried = try harness.send(.retry(resumeSubworkflowTasks: false))
        #expect(retried.workflow.status == .running)
        #expect(retried.wakeAt == harness.now + 60_000)
    }

    // MARK: wakeAt

    @Test func wakeAtIsTheEarliestDeadline() throws {
        var harness = try started(
            #"{"name": "a", "pollTimeoutSeconds": 30, "responseTimeoutSeconds": 20, "timeoutSeconds": 45}"#,
            workflowJSON: #""timeoutSeconds": 100, "timeoutPolicy": "TIME_OUT_WF","#)
        #expect(harness.workflow.nextDeadline == startTime + 30_000)
        harness.advance(seconds: 10)
        #expect(try harness.poll("a").wakeAt == harness.now + 20_000)
        harness.advance(seconds: 15)
        #expect(try harness.report("a", .inProgress, extendLease: true).wakeAt == startTime + 45_000)  // response
        harness.advance(seconds: 15)
        #expect(try harness.report("a", .inProgress, extendLease: true).wakeAt == startTime + 55_000)  // timeoutSeconds
        try harness.report("a", .completed)
        #expect(harness.workflow.nextDeadline == startTime + 100_000)  // the workflow's own
    }

    @Test func aPausedWorkflowKeepsOnlyItsOwnTimeout() throws {
        var harness = try started(#"{"name": "a", "pollTimeoutSeconds": 5}"#, workflowJSON: #""timeoutSeconds": 60, "timeoutPolicy": "TIME_OUT_WF","#)
        let paused = try harness.send(.pause)
        #expect(paused.wakeAt == startTime + 60_000)
        harness.advance(seconds: 30)
        #expect(try harness.send(.timer).isNoOp)
        #expect(try harness.latest("a").status == .scheduled)
        let resumed = try harness.send(.resume)
        #expect(resumed.wakeAt == startTime + 5000)
        // Resuming restarts the workflow's clock (lastRetriedTime), as in Conductor.
        try harness.send(.pause)
        harness.advance(seconds: 59)
        #expect(try harness.send(.timer).workflow.status == .paused)
        harness.advance(seconds: 1)
        let timedOut = try harness.send(.timer)
        #expect(timedOut.workflow.status == .timedOut)
        #expect(try harness.latest("a").status == .canceled)
    }

    @Test func anEndedWorkflowHasNoDeadline() throws {
        var harness = try started(#"{"name": "a", "pollTimeoutSeconds": 5}"#, workflowJSON: #""timeoutSeconds": 60, "timeoutPolicy": "TIME_OUT_WF","#)
        let decision = try harness.send(.terminate(reason: nil))
        #expect(decision.wakeAt == nil)
        harness.advance(seconds: 120)
        #expect(try harness.send(.timer).isNoOp)
        #expect(harness.workflow.status == .terminated)
    }
}
