import Testing
@testable import BatonCore
import BatonModel

@Suite("Decider: compensation")
struct CompensationTests {
    /// The order saga: each business step names the step that undoes it.
    static let saga = """
        {"name": "order", "version": 1, "compensationPolicy": "REVERSE_ORDER", "timeoutSeconds": 600, "timeoutPolicy": "TIME_OUT_WF",
         "tasks": [
            {"name": "reserve", "taskReferenceName": "reserve", "inputParameters": {"sku": "${workflow.input.sku}"},
             "compensation": {"name": "release", "taskReferenceName": "release",
                              "inputParameters": {"hold": "${reserve.output.hold}", "why": "${workflow.compensation.reason}"}}},
            {"name": "charge", "taskReferenceName": "charge",
             "compensation": {"name": "refund", "taskReferenceName": "refund", "inputParameters": {"payment": "${charge.output.payment}"}}},
            {"name": "notify", "taskReferenceName": "notify"},
            {"name": "ship", "taskReferenceName": "ship"}
         ]}
        """

    func started(_ text: String = saga, retries: Int = 0) throws -> Harness {
        let names = ["reserve", "charge", "notify", "ship", "release", "refund"]
        var harness = Harness(
            try workflowDef(text), input: ["sku": "A-1"],
            taskDefs: try names.map { try taskDef(#"{"name": "\#($0)", "retryCount": \#(retries), "retryDelaySeconds": 0}"#) })
        try harness.start()
        return harness
    }

    /// Runs the business steps up to `ship`, which fails for good.
    func failedAtShip(retries: Int = 0) throws -> Harness {
        var harness = try started(retries: retries)
        try harness.run("reserve", output: ["hold": "H-1"])
        harness.advance(seconds: 1)
        try harness.run("charge", output: ["payment": "P-1"])
        harness.advance(seconds: 1)
        try harness.run("notify")
        harness.advance(seconds: 1)
        for _ in 0...retries { try harness.fail("ship", reason: "no courier") }
        return harness
    }

    @Test func aFailureCompensatesCompletedStepsNewestFirst() throws {
        var harness = try failedAtShip()
        #expect(harness.workflow.status == .running)
        #expect(harness.workflow.compensation?.state == .running)
        #expect(harness.workflow.compensation?.cause == .failed)
        #expect(harness.workflow.compensation?.failedReferenceTaskName == "ship")
        #expect(harness.open == ["refund"])
        let refund = try harness.latest("refund")
        #expect(refund.inputData == ["payment": "P-1"])
        #expect(refund.compensationFor == (try harness.latest("charge")).taskId)

        try harness.run("refund")
        #expect(harness.open == ["release"])
        let release = try harness.latest("release")
        #expect(release.inputData["hold"] == "H-1")
        #expect(release.inputData["why"]?.stringValue?.contains("no courier") == true)

        let ended = try harness.run("release")
        #expect(ended.workflow.status == .failed)
        #expect(ended.workflow.compensation?.state == .completed)
        #expect(ended.workflow.reasonForIncompletion?.contains("no courier") == true)
        #expect(ended.workflow.failedReferenceTaskNames == ["ship"])
        #expect(ended.enqueued.isEmpty)
        // Each compensation ran once, after its step, newest completion first.
        #expect(harness.workflow.tasks.map(\.referenceTaskName) == ["reserve", "charge", "notify", "ship", "refund", "release"])
    }

    @Test func withoutAPolicyAFailureEndsTheWorkflowAsInConductor() throws {
        let plain = Self.saga.replacingOccurrences(of: #""compensationPolicy": "REVERSE_ORDER", "#, with: "")
        var harness = try started(plain)
        try harness.run("reserve", output: ["hold": "H-1"])
        let failed = try harness.fail("charge")
        #expect(failed.workflow.status == .failed)
        #expect(failed.workflow.compensation == nil)
        #expect(harness.open.isEmpty)
    }

    @Test func nothingCompletedMeansNothingToCompensate() throws {
        var harness = try started()
        let failed = try harness.fail("reserve")
        #expect(failed.workflow.status == .failed)
        #expect(failed.workflow.compensation == nil)
    }

    @Test func aFailedCompensationEndsTheWorkflowAndAnOperatorRetryRetriesIt() throws {
        var harness = try failedAtShip()
        try harness.fail("refund", reason: "bank down")
        #expect(harness.workflow.status == .failed)
        #expect(harness.workflow.compensation?.state == .failed)
        #expect(harness.workflow.reasonForIncompletion?.contains("bank down") == true)
        #expect(harness.workflow.reasonForIncompletion?.contains("no courier") == true)

        let retried = try harness.send(.retry(resumeSubworkflowTasks: false))
        #expect(retried.workflow.status == .running)
        #expect(retried.workflow.compensation?.state == .running)
        #expect(harness.open == ["refund"])
        #expect(harness.attempts("ship").count == 1)  // never the business step
        try harness.run("refund")
        try harness.run("release")
        #expect(harness.workflow.status == .failed)
        #expect(harness.workflow.compensation?.state == .completed)
    }

    @Test func compensationStepsHaveTheirOwnRetries() throws {
        var harness = try failedAtShip(retries: 1)
        try harness.fail("refund", reason: "timeout")
        #expect(harness.workflow.compensation?.state == .running)
        #expect(harness.attempts("refund").count == 2)
        try harness.run("refund")
        #expect(harness.open == ["release"])
    }

    @Test func operatorTerminateCompensatesOnlyWhenAsked() throws {
        var plain = try started()
        try plain.run("reserve", output: ["hold": "H-1"])
        #expect(try plain.send(.terminate(reason: "stop")).workflow.status == .terminated)

        var asked = try started()
        try asked.run("reserve", output: ["hold": "H-1"])
        let compensating = try asked.send(.terminate(reason: "customer cancelled", compensate: true))
        #expect(compensating.workflow.status == .running)
        #expect(compensating.workflow.compensation?.cause == .terminated)
        #expect(asked.attempts("charge").map(\.status) == [.canceled])
        try asked.run("release")
        #expect(asked.workflow.status == .terminated)
        #expect(asked.workflow.reasonForIncompletion == "customer cancelled")
    }

    @Test func aWorkflowTimeoutCompensatesAndNoLongerTimesOutWhileCompensating() throws {
        var harness = try started()
        try harness.run("reserve", output: ["hold": "H-1"])
        harness.advance(seconds: 601)
        let timedOut = try harness.send(.timer)
        #expect(timedOut.workflow.status == .running)
        #expect(timedOut.workflow.compensation?.cause == .timedOut)
        #expect(timedOut.wakeAt == nil)
        try harness.run("release")
        #expect(harness.workflow.status == .timedOut)
    }

    @Test func eachLoopIterationIsCompensated() throws {
        let loop = """
            {"name": "loop", "compensationPolicy": "REVERSE_ORDER",
             "tasks": [
               {"name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE", "loopCondition": "$.loop.iteration < 2",
                "loopOver": [{"name": "book", "taskReferenceName": "book",
                              "compensation": {"name": "cancel", "taskReferenceName": "cancel", "inputParameters": {"n": "${book.output.n}"}}}]},
               {"name": "pay", "taskReferenceName": "pay"}
             ]}
            """
        var harness = Harness(try workflowDef(loop), taskDefs: try ["book", "pay", "cancel"].map { try taskDef(#"{"name": "\#($0)", "retryCount": 0}"#) })
        try harness.start()
        try harness.run("book__1", output: ["n": 1])
        harness.advance(seconds: 1)
        try harness.run("book__2", output: ["n": 2])
        try harness.fail("pay")
        #expect(harness.workflow.compensation?.state == .running)
        let first = try harness.latest("cancel")
        #expect(first.compensationFor == harness.attempts("book__2").first?.taskId)
        try harness.run("cancel")
        let second = try harness.latest("cancel")
        #expect(second.compensationFor == harness.attempts("book__1").first?.taskId)
        try harness.run("cancel")
        #expect(harness.workflow.status == .failed)
        #expect(harness.attempts("cancel").count == 2)
    }

    @Test func aTerminateTaskWithFailedCompensates() throws {
        let text = Self.saga.replacingOccurrences(
            of: #"{"name": "notify", "taskReferenceName": "notify"},"#,
            with: #"{"name": "stop", "taskReferenceName": "stop", "type": "TERMINATE", "inputParameters": {"terminationStatus": "FAILED", "terminationReason": "fraud suspected"}},"#)
        var harness = try started(text)
        try harness.run("reserve", output: ["hold": "H-1"])
        let stopped = try harness.run("charge", output: ["payment": "P-1"])
        #expect(stopped.workflow.compensation?.cause == .failed)
        #expect(harness.open == ["refund"])
        try harness.run("refund")
        try harness.run("release")
        #expect(harness.workflow.status == .failed)
        #expect(harness.workflow.reasonForIncompletion == "fraud suspected")
    }

    @Test func aTaskTimeoutThatTimesTheWorkflowOutCompensates() throws {
        var harness = Harness(
            try workflowDef(Self.saga), input: ["sku": "A-1"],
            taskDefs: try ["reserve", "charge", "release", "refund"].map { try taskDef(#"{"name": "\#($0)", "retryCount": 0}"#) }
                + [try taskDef(#"{"name": "notify", "retryCount": 0, "timeoutSeconds": 30, "responseTimeoutSeconds": 30, "timeoutPolicy": "TIME_OUT_WF"}"#)])
        try harness.start()
        try harness.run("reserve", output: ["hold": "H-1"])
        try harness.run("charge", output: ["payment": "P-1"])
        try harness.poll("notify")
        harness.advance(seconds: 31)
        let timedOut = try harness.send(.timer)
        #expect(timedOut.workflow.compensation?.cause == .timedOut)
        try harness.run("refund")
        try harness.run("release")
        #expect(harness.workflow.status == .timedOut)
    }

    @Test func forkBranchesAreCompensatedInTheOrderTheyCompleted() throws {
        let fork = """
            {"name": "trip", "compensationPolicy": "REVERSE_ORDER", "tasks": [
              {"name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN", "forkTasks": [
                [{"name": "flight", "taskReferenceName": "flight", "compensation": {"name": "cancel_flight", "taskReferenceName": "cancel_flight"}}],
                [{"name": "hotel", "taskReferenceName": "hotel", "compensation": {"name": "cancel_hotel", "taskReferenceName": "cancel_hotel"}}]]},
              {"name": "join", "taskReferenceName": "join", "type": "JOIN", "joinOn": ["flight", "hotel"]},
              {"name": "pay", "taskReferenceName": "pay"}
            ]}
            """
        var harness = Harness(try workflowDef(fork), taskDefs: try ["flight", "hotel", "pay", "cancel_flight", "cancel_hotel"].map { try taskDef(#"{"name": "\#($0)", "retryCount": 0}"#) })
        try harness.start()
        try harness.run("hotel")
        harness.advance(seconds: 1)
        try harness.run("flight")
        try harness.fail("pay")
        #expect(harness.open == ["cancel_flight"])  // the flight completed last: undone first
        try harness.run("cancel_flight")
        #expect(harness.open == ["cancel_hotel"])
        try harness.run("cancel_hotel")
        #expect(harness.workflow.status == .failed)
    }

    @Test func aCompensationMustBeOneTask() throws {
        let bad = Self.saga.replacingOccurrences(
            of: #""compensation": {"name": "refund", "taskReferenceName": "refund""#,
            with: #""compensation": {"name": "refund", "taskReferenceName": "refund", "type": "FORK_JOIN""#)
        #expect(throws: DefinitionError.self) { try DefinitionValidator.validate(try workflowDef(bad)) }
        let duplicate = Self.saga.replacingOccurrences(of: #""taskReferenceName": "refund""#, with: #""taskReferenceName": "charge""#)
        #expect(throws: DefinitionError.self) { try DefinitionValidator.validate(try workflowDef(duplicate)) }
        try DefinitionValidator.validate(try workflowDef(Self.saga))
    }

    // MARK: failureWorkflow

    static func startedWorkflows(_ decision: Decision) -> [StartRequest] {
        decision.effects.compactMap { if case .startWorkflow(let start) = $0 { start } else { nil } }
    }

    @Test func aFailedWorkflowStartsItsFailureWorkflowWithTheFailure() throws {
        let plain = Self.saga.replacingOccurrences(of: #""compensationPolicy": "REVERSE_ORDER", "#, with: #""failureWorkflow": "cleanup", "#)
        var harness = try started(plain)
        try harness.run("reserve", output: ["hold": "H-1"])
        let failed = try harness.fail("charge", reason: "declined")
        let starts = Self.startedWorkflows(failed)
        #expect(starts.count == 1)
        let start = try #require(starts.first)
        #expect(start.request.name == "cleanup")
        #expect(start.requester == nil)
        #expect(start.request.input?["workflowId"] == "wf-1")
        #expect(start.request.input?["failureStatus"] == "FAILED")
        #expect(start.request.input?["sku"] == "A-1")
        #expect(start.request.input?["failureTaskId"] == .string(try harness.latest("charge").taskId))
        #expect(start.request.input?["reason"]?.stringValue?.contains("declined") == true)
        #expect(start.request.input?["failedWorkflow"]?["workflowId"] == "wf-1")
        #expect(failed.workflow.output["conductor.failure_workflow"] == .string(start.workflowId))
    }

    @Test func compensationRunsBeforeTheFailureWorkflow() throws {
        let both = Self.saga.replacingOccurrences(of: #""compensationPolicy": "REVERSE_ORDER", "#, with: #""compensationPolicy": "REVERSE_ORDER", "failureWorkflow": "cleanup", "#)
        var harness = try started(both)
        try harness.run("reserve", output: ["hold": "H-1"])
        let failed = try harness.fail("charge", reason: "declined")
        #expect(Self.startedWorkflows(failed).isEmpty)
        let ended = try harness.run("release")
        #expect(ended.workflow.status == .failed)
        #expect(Self.startedWorkflows(ended).map(\.request.name) == ["cleanup"])
    }

    @Test func anOperatorTerminateStartsTheFailureWorkflowOnlyWhenAsked() throws {
        let plain = Self.saga.replacingOccurrences(of: #""compensationPolicy": "REVERSE_ORDER", "#, with: #""failureWorkflow": "cleanup", "#)
        var quiet = try started(plain)
        #expect(Self.startedWorkflows(try quiet.send(.terminate(reason: "stop"))).isEmpty)
        var asked = try started(plain)
        let terminated = try asked.send(.terminate(reason: "stop", triggerFailureWorkflow: true))
        #expect(Self.startedWorkflows(terminated).first?.request.input?["failureStatus"] == "TERMINATED")

        // Asked together with compensation: the failure workflow waits for the compensation.
        let both = Self.saga.replacingOccurrences(of: #""compensationPolicy": "REVERSE_ORDER", "#, with: #""compensationPolicy": "REVERSE_ORDER", "failureWorkflow": "cleanup", "#)
        var saga = try started(both)
        try saga.run("reserve", output: ["hold": "H-1"])
        #expect(Self.startedWorkflows(try saga.send(.terminate(reason: "stop", compensate: true, triggerFailureWorkflow: true))).isEmpty)
        let ended = try saga.run("release")
        #expect(ended.workflow.status == .terminated)
        #expect(Self.startedWorkflows(ended).map(\.request.name) == ["cleanup"])
    }
}
