import Testing
@testable import BatonCore
import BatonModel

@Suite("Decider: operator actions")
struct OperatorActionTests {
    func started(retryCount: Int = 0, definition: WorkflowDef? = nil) throws -> Harness {
        var harness = Harness(
            try definition ?? orderDefinition(), input: ["sku": "A-1", "qty": 2],
            taskDefs: try ["reserve", "charge", "ship"].map { try taskDef(#"{"name": "\#($0)", "retryCount": \#(retryCount), "retryDelaySeconds": 0}"#) })
        try harness.start()
        return harness
    }

    func completed() throws -> Harness {
        var harness = try started()
        try harness.run("reserve", output: ["id": "R-1"])
        try harness.run("charge", output: ["total": 10])
        try harness.run("ship", output: ["tracking": "T-1"])
        #expect(harness.workflow.status == .completed)
        return harness
    }

    func failed() throws -> Harness {
        var harness = try started()
        try harness.run("reserve", output: ["id": "R-1"])
        try harness.fail("charge", reason: "declined")
        #expect(harness.workflow.status == .failed)
        return harness
    }

    // MARK: pause and resume

    @Test func pausedWorkflowSchedulesNothingAfterACompletion() throws {
        var harness = try started()
        try harness.poll("reserve")
        harness.advance(seconds: 1)
        let pause = try harness.send(.pause)
        #expect(pause.workflow.status == .paused)
        #expect(pause.workflow.updateTime == harness.now)
        #expect(pause.effects.isEmpty)

        let completion = try harness.report("reserve", .completed, output: ["id": "R-1"])
        #expect(harness.attempts("reserve").map(\.status) == [.completed])
        #expect(harness.attempts("charge").isEmpty)
        #expect(completion.enqueued.isEmpty)
        #expect(harness.workflow.status == .paused)

        let resume = try harness.send(.resume)
        #expect(resume.workflow.status == .running)
        let charge = try harness.latest("charge")
        #expect(charge.status == .scheduled)
        #expect(charge.inputData == ["reservation": "R-1"])
        #expect(resume.enqueued.map(\.taskId) == [charge.taskId])
    }

    @Test func pausedWorkflowStillHandsOutAndAcceptsTasksAlreadyScheduled() throws {
        var harness = try started()
        try harness.send(.pause)
        let poll = try harness.poll("reserve")
        #expect(poll.deliveredTask?.status == .inProgress)
    }

    @Test func optionalTaskFailingWhilePausedEndsOnce() throws {
        var definition = linearDef(["a", "b"])
        definition.tasks[0].optional = true
        definition.tasks[0].retryCount = 0
        var harness = Harness(definition)
        try harness.start()
        try harness.poll("a")
        try harness.send(.pause)
        let failure = try harness.report("a", .failed, reason: "flaky")
        #expect(harness.attempts("a").map(\.status) == [.completedWithErrors])
        #expect(harness.attempts("a")[0].reasonForIncompletion == "flaky")
        #expect(failure.enqueued.isEmpty)
        let resume = try harness.send(.resume)
        #expect(harness.attempts("a").map(\.status) == [.completedWithErrors])
        #expect(resume.enqueued.map(\.taskId) == [try harness.latest("b").taskId])
    }

    @Test func failureWhilePausedIsRetriedOnResume() throws {
        var harness = try started(retryCount: 1)
        try harness.poll("reserve")
        try harness.send(.pause)
        let failure = try harness.report("reserve", .failed)
        #expect(failure.enqueued.isEmpty)
        #expect(harness.attempts("reserve").map(\.status) == [.failed])
        let resume = try harness.send(.resume)
        #expect(harness.attempts("reserve").map(\.status) == [.failed, .scheduled])
        #expect(resume.enqueued.map(\.taskId) == [try harness.latest("reserve").taskId])
    }

    @Test func pausingTwiceChangesNothing() throws {
        var harness = try started()
        try harness.send(.pause)
        #expect(try harness.send(.pause).isNoOp)
    }

    @Test func lastCompletionWhilePausedCompletesOnResume() throws {
        var harness = Harness(linearDef(["a"]))
        try harness.start()
        try harness.send(.pause)
        try harness.run("a", output: ["x": 1])
        #expect(harness.workflow.status == .paused)
        try harness.send(.resume)
        #expect(harness.workflow.status == .completed)
        #expect(harness.workflow.output == ["x": 1])
    }

    @Test func pauseAndResumeConflicts() throws {
        var running = try started()
        #expect(decisionError { try running.send(.resume) }?.isConflict == true)
        var ended = try completed()
        #expect(decisionError { try ended.send(.pause) }?.isConflict == true)
        #expect(decisionError { try ended.send(.resume) }?.isConflict == true)
    }

    // MARK: terminate

    @Test func terminateCancelsPendingTasks() throws {
        var harness = try started()
        try harness.run("reserve", output: ["id": "R-1"])
        try harness.poll("charge")
        harness.advance(seconds: 2)
        let decision = try harness.send(.terminate(reason: "customer cancelled"))
        #expect(decision.workflow.status == .terminated)
        #expect(decision.workflow.reasonForIncompletion == "customer cancelled")
        #expect(decision.workflow.endTime == harness.now)
        #expect(harness.attempts("reserve").map(\.status) == [.completed])
        let charge = try harness.latest("charge")
        #expect(charge.status == .canceled)
        #expect(charge.endTime == harness.now)
        #expect(decision.effects == [.dequeue(taskId: charge.taskId)])
    }

    @Test func terminateAPausedWorkflow() throws {
        var harness = try started()
        try harness.send(.pause)
        let decision = try harness.send(.terminate(reason: nil))
        #expect(decision.workflow.status == .terminated)
        #expect(decision.dequeued == [try harness.latest("reserve").taskId])
    }

    @Test func terminateACompletedWorkflowIsAConflict() throws {
        var harness = try completed()
        let before = harness.workflow
        #expect(decisionError { try harness.send(.terminate(reason: "late")) }?.isConflict == true)
        #expect(harness.workflow == before)
        var terminated = try started()
        try terminated.send(.terminate(reason: nil))
        #expect(try terminated.send(.terminate(reason: "again")).isNoOp)
    }

    @Test func terminateAFailedWorkflowMakesItTerminated() throws {
        var harness = try failed()
        #expect(harness.workflow.status == .failed)
        let decision = try harness.send(.terminate(reason: "operator"))
        #expect(decision.workflow.status == .terminated)
        #expect(decision.workflow.reasonForIncompletion == "operator")
    }

    // MARK: retry

    @Test func retrySchedulesANewAttemptOfTheFailedTask() throws {
        var harness = try failed()
        harness.advance(seconds: 30)
        let decision = try harness.send(.retry(resumeSubworkflowTasks: false))
        let workflow = decision.workflow
        #expect(workflow.status == .running)
        #expect(workflow.reasonForIncompletion == nil)
        #expect(workflow.failedReferenceTaskNames.isEmpty)
        #expect(workflow.failedTaskNames.isEmpty)
        #expect(workflow.endTime == 0)
        #expect(workflow.lastRetriedTime == harness.now)
        let attempts = harness.attempts("charge")
        #expect(attempts.map(\.status) == [.failed, .scheduled])
        #expect(attempts[1].retriedTaskId == attempts[0].taskId)
        #expect(attempts[1].inputData == ["reservation": "R-1"])
        #expect(decision.enqueued.map(\.taskId) == [attempts[1].taskId])
        #expect(decision.enqueued.map(\.visibleAt) == [harness.now])
        #expect(harness.attempts("reserve").count == 1)

        try harness.run("charge")
        try harness.run("ship", output: ["tracking": "T-9"])
        #expect(harness.workflow.status == .completed)
        #expect(harness.workflow.output == ["tracking": "T-9"])
    }

    @Test func retryATerminatedWorkflowReschedulesTheCancelledTask() throws {
        var harness = try started()
        try harness.run("reserve")
        try harness.send(.terminate(reason: "oops"))
        try harness.send(.retry(resumeSubworkflowTasks: false))
        #expect(harness.workflow.status == .running)
        #expect(harness.attempts("charge").map(\.status) == [.canceled, .scheduled])
    }

    @Test func retryOfARunningOrCompletedWorkflowIsAConflict() throws {
        var running = try started()
        #expect(decisionError { try running.send(.retry(resumeSubworkflowTasks: false)) }?.isConflict == true)
        var completed = try completed()
        #expect(decisionError { try completed.send(.retry(resumeSubworkflowTasks: false)) }?.isConflict == true)
    }

    // MARK: restart

    @Test func restartRunsAgainFromTheFirstStep() throws {
        var harness = try completed()
        harness.advance(seconds: 60)
        let decision = try harness.send(.restart(definition: nil))
        let workflow = decision.workflow
        #expect(workflow.status == .running)
        #expect(workflow.output.isEmpty)
        #expect(workflow.endTime == 0)
        #expect(workflow.startTime == harness.now)
        #expect(workflow.tasks.count == 1)
        let reserve = try harness.latest("reserve")
        #expect(reserve.status == .scheduled)
        #expect(reserve.taskId == "task-4")
        #expect(reserve.inputData == ["sku": "A-1", "qty": 2, "note": "order A-1"])
        #expect(decision.enqueued.map(\.taskId) == ["task-4"])
    }

    @Test func restartWithANewDefinition() throws {
        var harness = try completed()
        var definition = linearDef(["first", "second"], name: "order")
        definition.version = 3
        try harness.send(.restart(definition: definition))
        #expect(harness.workflow.workflowVersion == 3)
        #expect(harness.workflow.tasks.map(\.referenceTaskName) == ["first"])
    }

    @Test func restartConflicts() throws {
        var running = try started()
        #expect(decisionError { try running.send(.restart(definition: nil)) }?.isConflict == true)

        var definition = try orderDefinition()
        definition.restartable = false
        var harness = Harness(definition)
        try harness.start()
        try harness.send(.terminate(reason: nil))
        let error = decisionError { try harness.send(.restart(definition: nil)) }
        #expect(error?.isConflict == true)
        #expect(error?.description.contains("restartable") == true)
    }

    // MARK: rerun

    @Test func rerunFromATaskWithNewInput() throws {
        var harness = try completed()
        let charge = try harness.latest("charge")
        harness.advance(seconds: 5)
        let decision = try harness.send(.rerun(RerunWorkflowRequest(reRunFromTaskId: charge.taskId, taskInput: ["reservation": "R-new"])))
        #expect(decision.workflow.status == .running)
        #expect(decision.workflow.output.isEmpty)
        #expect(harness.workflow.tasks.map(\.referenceTaskName) == ["reserve", "charge"])
        #expect(harness.attempts("reserve").map(\.status) == [.completed])
        let again = try harness.latest("charge")
        #expect(again.taskId == charge.taskId)  // reset in place, as Conductor does
        #expect(again.status == .scheduled)
        #expect(again.inputData == ["reservation": "R-new"])
        #expect(decision.enqueued.map(\.taskId) == [again.taskId])

        try harness.run("charge")
        try harness.run("ship", output: ["tracking": "T-2"])
        #expect(harness.workflow.status == .completed)
        #expect(harness.workflow.output == ["tracking": "T-2"])
    }

    @Test func rerunFromATaskKeepsItsInputWhenNoneIsGiven() throws {
        var harness = try failed()
        let charge = try harness.latest("charge")
        try harness.send(.rerun(RerunWorkflowRequest(reRunFromTaskId: charge.taskId)))
        #expect(try harness.latest("charge").inputData == ["reservation": "R-1"])
        #expect(harness.workflow.failedReferenceTaskNames.isEmpty)
    }

    @Test func rerunFromTheStartWithNewWorkflowInput() throws {
        var harness = try completed()
        try harness.send(.rerun(RerunWorkflowRequest(workflowInput: ["sku": "B-2", "qty": 1])))
        #expect(harness.workflow.input == ["sku": "B-2", "qty": 1])
        #expect(harness.workflow.tasks.count == 1)
        #expect(try harness.latest("reserve").inputData == ["sku": "B-2", "qty": 1, "note": "order B-2"])
    }

    @Test func rerunConflictsAndUnknownTask() throws {
        var running = try started()
        #expect(decisionError { try running.send(.rerun(RerunWorkflowRequest())) }?.isConflict == true)
        var harness = try completed()
        #expect(decisionError { try harness.send(.rerun(RerunWorkflowRequest(reRunFromTaskId: "nope"))) }?.isNotFound == true)
    }

    // MARK: skip

    @Test func skipTheCurrentTask() throws {
        var harness = try started()
        try harness.poll("reserve")
        let reserveId = try harness.latest("reserve").taskId
        let decision = try harness.send(.skipTask(referenceName: "reserve", SkipTaskRequest(taskOutput: ["id": "manual"])))
        let reserve = harness.attempts("reserve")[0]
        #expect(reserve.status == .skipped)
        #expect(reserve.outputData == ["id": "manual"])
        #expect(reserve.endTime == harness.now)
        let charge = try harness.latest("charge")
        #expect(charge.status == .scheduled)
        #expect(charge.inputData == ["reservation": "manual"])
        #expect(decision.effects == [
            .dequeue(taskId: reserveId),
            .enqueue(QueueEntry(taskId: charge.taskId, workflowId: "wf-1", taskType: "charge", domain: nil, priority: 0, visibleAt: harness.now)),
        ])
        // A late completion of the skipped attempt changes nothing.
        #expect(try harness.send(.taskUpdated(TaskResult(taskId: reserveId, status: .completed))).isNoOp)
    }

    @Test func skipAFutureTaskSoTheWorkflowPassesOverIt() throws {
        var harness = try started()
        let decision = try harness.send(.skipTask(referenceName: "charge", SkipTaskRequest(taskInput: ["why": "prepaid"])))
        #expect(decision.effects.isEmpty)
        #expect(harness.attempts("charge").map(\.status) == [.skipped])
        #expect(harness.attempts("charge")[0].inputData == ["why": "prepaid"])
        #expect(try harness.latest("reserve").status == .scheduled)

        let completion = try harness.run("reserve")
        #expect(harness.attempts("charge").count == 1)
        let ship = try harness.latest("ship")
        #expect(ship.status == .scheduled)
        #expect(completion.enqueued.map(\.taskId) == [ship.taskId])
        try harness.run("ship", output: ["tracking": "T-3"])
        #expect(harness.workflow.status == .completed)
        #expect(harness.workflow.output == ["tracking": "T-3"])
    }

    @Test func skippingTheLastPendingTaskCompletesTheWorkflow() throws {
        var harness = try started()
        try harness.run("reserve")
        try harness.run("charge")
        try harness.send(.skipTask(referenceName: "ship", SkipTaskRequest()))
        #expect(harness.workflow.status == .completed)
    }

    @Test func skipConflictsAndUnknownReference() throws {
        var harness = try started()
        try harness.run("reserve")
        #expect(decisionError { try harness.send(.skipTask(referenceName: "reserve", SkipTaskRequest())) }?.isConflict == true)
        #expect(decisionError { try harness.send(.skipTask(referenceName: "nope", SkipTaskRequest())) }?.isNotFound == true)
        var ended = try completed()
        #expect(decisionError { try ended.send(.skipTask(referenceName: "ship", SkipTaskRequest())) }?.isConflict == true)
    }
}
