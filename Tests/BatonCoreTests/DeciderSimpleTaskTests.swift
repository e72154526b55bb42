import Testing
@testable import BatonCore
import BatonModel

/// An order: reserve stock, charge the card, ship.
func orderDefinition(outputParameters: String? = nil) throws -> WorkflowDef {
    try workflowDef("""
        {"name": "order", "version": 2, \(outputParameters.map { "\"outputParameters\": \($0)," } ?? "")
         "tasks": [
           {"name": "reserve", "taskReferenceName": "reserve", "type": "SIMPLE",
            "inputParameters": {"sku": "${workflow.input.sku}", "qty": "${workflow.input.qty}", "note": "order ${workflow.input.sku}"}},
           {"name": "charge", "taskReferenceName": "charge", "inputParameters": {"reservation": "${reserve.output.id}"}},
           {"name": "ship", "taskReferenceName": "ship"}
         ]}
        """)
}

@Suite("Decider: SIMPLE tasks")
struct DeciderSimpleTaskTests {
    func started(_ taskDefs: [TaskDef] = [], definition: WorkflowDef? = nil) throws -> Harness {
        var harness = Harness(try definition ?? orderDefinition(), input: ["sku": "A-1", "qty": 2], taskDefs: taskDefs)
        try harness.start()
        return harness
    }

    // MARK: start and poll

    @Test func startSchedulesTheFirstTaskWithResolvedInput() throws {
        var harness = Harness(try orderDefinition(), input: ["sku": "A-1", "qty": 2], correlationId: "order-17")
        let decision = try harness.start()
        let workflow = decision.workflow
        #expect(workflow.status == .running)
        #expect(workflow.tasks.count == 1)
        let task = workflow.tasks[0]
        #expect(task.taskId == "task-1")
        #expect(task.referenceTaskName == "reserve")
        #expect(task.taskDefName == "reserve")
        #expect(task.taskType == "reserve")
        #expect(task.status == .scheduled)
        #expect(task.inputData == ["sku": "A-1", "qty": 2, "note": "order A-1"])
        #expect(task.workflowInstanceId == "wf-1")
        #expect(task.workflowType == "order")
        #expect(task.correlationId == "order-17")
        #expect(task.seq == 1)
        #expect(task.retryCount == 0)
        #expect(task.scheduledTime == startTime)
        #expect(task.startTime == 0)
        #expect(task.responseTimeoutSeconds == 3600)
        #expect(decision.effects == [.enqueue(QueueEntry(
            taskId: "task-1", workflowId: "wf-1", taskType: "reserve", domain: nil, priority: 0, visibleAt: startTime))])
        #expect(decision.deliveredTask == nil)
        #expect(!decision.isNoOp)
    }

    @Test func queueEntryCarriesPriorityAndDomain() throws {
        var harness = Harness(try orderDefinition(), priority: 7, taskToDomain: ["reserve": "east", "*": "any"])
        let decision = try harness.start()
        #expect(decision.enqueued.first?.priority == 7)
        #expect(decision.enqueued.first?.domain == "east")
        try harness.run("reserve")
        #expect(try harness.latest("charge").domain == "any")
    }

    @Test func startDelayMakesTheFirstAttemptVisibleLater() throws {
        var definition = linearDef(["a"])
        definition.tasks[0].startDelay = 30
        var harness = Harness(definition)
        let decision = try harness.start()
        #expect(decision.enqueued.map(\.visibleAt) == [startTime + 30_000])
        #expect(try harness.latest("a").startDelayInSeconds == 30)
    }

    @Test func startFillsInputFromTheInputTemplates() throws {
        var definition = try workflowDef("""
            {"name": "w", "inputTemplate": {"region": "eu", "sku": "default"},
             "tasks": [{"name": "a", "taskReferenceName": "a", "inputParameters": {"sku": "${workflow.input.sku}"}}]}
            """)
        definition.tasks[0].taskDefinition = try taskDef(#"{"name": "a", "inputTemplate": {"sku": "ignored", "speed": "fast"}}"#)
        var harness = Harness(definition, input: ["sku": "X"])
        #expect(harness.workflow.input == ["sku": "X", "region": "eu"])
        try harness.start()
        #expect(try harness.latest("a").inputData == ["sku": "X", "speed": "fast"])
    }

    @Test func taskInputMayNameItsOwnTaskId() throws {
        let definition = try workflowDef("""
            {"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a", "inputParameters": {"key": "idem-${CPEWF_TASK_ID}"}}]}
            """)
        let harness = try started(definition: definition)
        let task = try harness.latest("a")
        #expect(task.inputData == ["key": .string("idem-\(task.taskId)")])
    }

    @Test func pollMovesTheAttemptInProgressAndDeliversIt() throws {
        var harness = try started()
        harness.advance(seconds: 2)
        let decision = try harness.poll("reserve", worker: "host-a")
        let task = try harness.latest("reserve")
        #expect(task.status == .inProgress)
        #expect(task.pollCount == 1)
        #expect(task.startTime == startTime + 2000)
        #expect(task.firstStartTime == startTime + 2000)
        #expect(task.updateTime == startTime + 2000)
        #expect(task.workerId == "host-a")
        #expect(decision.deliveredTask == task)
        #expect(decision.effects == [.dequeue(taskId: task.taskId)])
    }

    @Test func pollOfAnUnknownAttemptDeliversNothing() throws {
        var harness = try started()
        let before = harness.workflow
        let decision = try harness.send(.taskPolled(taskId: "no-such-task", workerId: "w"))
        #expect(decision.deliveredTask == nil)
        #expect(decision.workflow == before)
        #expect(decision.effects == [.dequeue(taskId: "no-such-task")])
    }

    @Test func pollOfAnEndedAttemptOnlyDropsItsStaleQueueEntry() throws {
        var harness = try started()
        try harness.run("reserve")
        let reserve = try harness.latest("reserve")
        let before = harness.workflow
        let decision = try harness.send(.taskPolled(taskId: reserve.taskId, workerId: "late"))
        #expect(decision.deliveredTask == nil)
        #expect(decision.workflow == before)
        #expect(decision.effects == [.dequeue(taskId: reserve.taskId)])
    }

    // MARK: completion

    @Test func completionSchedulesTheNextStep() throws {
        var harness = try started()
        try harness.poll("reserve")
        harness.advance(seconds: 3)
        let decision = try harness.report("reserve", .completed, output: ["id": "R-9"])
        let reserve = harness.attempts("reserve")[0]
        #expect(reserve.status == .completed)
        #expect(reserve.outputData == ["id": "R-9"])
        #expect(reserve.endTime == startTime + 3000)
        let charge = try harness.latest("charge")
        #expect(charge.status == .scheduled)
        #expect(charge.inputData == ["reservation": "R-9"])
        #expect(charge.seq == 2)
        #expect(decision.effects == [
            .dequeue(taskId: reserve.taskId),
            .enqueue(QueueEntry(taskId: charge.taskId, workflowId: "wf-1", taskType: "charge", domain: nil, priority: 0,
                                visibleAt: startTime + 3000)),
        ])
        #expect(harness.workflow.status == .running)
    }

    @Test func completionWithoutAPollStillRecordsAStartTime() throws {
        var harness = try started()
        harness.advance(seconds: 1)
        try harness.report("reserve", .completed)
        #expect(harness.attempts("reserve")[0].startTime == startTime + 1000)
    }

    @Test func lastCompletionCompletesWithTheLastTasksOutput() throws {
        var harness = try started()
        try harness.run("reserve", output: ["id": "R-1"])
        try harness.run("charge", output: ["total": 12])
        harness.advance(seconds: 5)
        let decision = try harness.run("ship", output: ["tracking": "T-1"])
        #expect(decision.workflow.status == .completed)
        #expect(decision.workflow.endTime == startTime + 5000)
        #expect(decision.workflow.output == ["tracking": "T-1"])
        #expect(decision.workflow.reasonForIncompletion == nil)
        #expect(decision.enqueued.isEmpty)
        #expect(decision.wakeAt == nil)
    }

    @Test func lastCompletionUsesOutputParameters() throws {
        var harness = Harness(
            try orderDefinition(outputParameters: #"{"reservation": "${reserve.output.id}", "total": "${charge.output.total}", "input": "${workflow.input.sku}"}"#),
            input: ["sku": "A-1"])
        try harness.start()
        try harness.run("reserve", output: ["id": "R-1"])
        try harness.run("charge", output: ["total": 12.5])
        try harness.run("ship", output: ["tracking": "T-1"])
        #expect(harness.workflow.status == .completed)
        #expect(harness.workflow.output == ["reservation": "R-1", "total": 12.5, "input": "A-1"])
    }

    @Test func duplicateCompletionIsANoOp() throws {
        var harness = try started()
        try harness.poll("reserve")
        let reserveId = try harness.latest("reserve").taskId
        try harness.report("reserve", .completed, output: ["id": "R-1"])
        let before = harness.workflow
        for status in [TaskStatus.completed, .failed, .inProgress] {
            var result = TaskResult(taskId: reserveId, status: status, outputData: ["id": "other"])
            result.reasonForIncompletion = "late"
            let decision = try harness.send(.taskUpdated(result))
            #expect(decision.isNoOp)
            #expect(decision.effects.isEmpty)
            #expect(decision.workflow == before)
        }
    }

    @Test func updateOfAnUnknownTaskThrowsNotFound() throws {
        var harness = try started()
        let before = harness.workflow
        let error = decisionError { try harness.send(.taskUpdated(TaskResult(taskId: "ghost", status: .completed))) }
        #expect(error?.isNotFound == true)
        #expect(error?.description.contains("ghost") == true)
        #expect(harness.workflow == before)
    }

    @Test func reportingANonWorkerStatusIsInvalid() throws {
        var harness = try started()
        for status in [TaskStatus.scheduled, .canceled, .skipped, .timedOut, .completedWithErrors] {
            let error = decisionError { try harness.report("reserve", status) }
            #expect(error?.isInvalid == true, "\(status)")
        }
        #expect(try harness.latest("reserve").status == .scheduled)
    }

    // MARK: in progress

    @Test func inProgressWithCallbackRequeuesWithDelay() throws {
        var harness = try started()
        try harness.poll("reserve")
        harness.advance(seconds: 4)
        let decision = try harness.report("reserve", .inProgress, output: ["percent": 40], callbackAfterSeconds: 30)
        let task = try harness.latest("reserve")
        #expect(task.status == .scheduled)
        #expect(task.callbackAfterSeconds == 30)
        #expect(task.outputData == ["percent": 40])
        #expect(task.updateTime == startTime + 4000)
        #expect(decision.effects == [.enqueue(QueueEntry(
            taskId: task.taskId, workflowId: "wf-1", taskType: "reserve", domain: nil, priority: 0,
            visibleAt: startTime + 4000 + 30_000))])
        #expect(harness.workflow.tasks.count == 1)
        // The worker picks it up again later.
        harness.advance(seconds: 30)
        let again = try harness.poll("reserve")
        #expect(again.deliveredTask?.pollCount == 2)
        #expect(again.deliveredTask?.callbackAfterSeconds == 0)
    }

    @Test func extendLeaseOnlyRefreshesUpdateTime() throws {
        var harness = try started()
        try harness.poll("reserve")
        let before = harness.workflow
        harness.advance(seconds: 9)
        let decision = try harness.report("reserve", .inProgress, output: ["ignored": true], callbackAfterSeconds: 60, extendLease: true)
        var expected = before
        expected.tasks[0].updateTime = startTime + 9000
        #expect(decision.workflow == expected)
        #expect(decision.effects.isEmpty)
    }

    // MARK: failure and retry

    @Test func failureWithRetriesLeftSchedulesANewAttempt() throws {
        var harness = try started([taskDef(#"{"name": "reserve", "retryCount": 2, "retryDelaySeconds": 5}"#)])
        try harness.poll("reserve")
        harness.advance(seconds: 1)
        let decision = try harness.report("reserve", .failed, reason: "out of stock")
        let attempts = harness.attempts("reserve")
        #expect(attempts.count == 2)
        let (first, second) = (attempts[0], attempts[1])
        #expect(first.status == .failed)
        #expect(first.reasonForIncompletion == "out of stock")
        #expect(first.retried)
        #expect(second.taskId == "task-2")
        #expect(second.status == .scheduled)
        #expect(second.retryCount == 1)
        #expect(second.retriedTaskId == first.taskId)
        #expect(second.inputData == first.inputData)
        #expect(second.outputData.isEmpty)
        #expect(second.pollCount == 0)
        #expect(second.workerId == nil)
        #expect(second.reasonForIncompletion == "out of stock")  // kept from the failed attempt, as Conductor does
        #expect(second.scheduledTime == harness.now)
        #expect(decision.effects == [
            .dequeue(taskId: first.taskId),
            .enqueue(QueueEntry(taskId: "task-2", workflowId: "wf-1", taskType: "reserve", domain: nil, priority: 0,
                                visibleAt: harness.now + 5000)),
        ])
        #expect(harness.workflow.status == .running)
    }

    @Test(arguments: [
        ("FIXED", [10, 10, 10]),
        ("LINEAR_BACKOFF", [20, 40, 60]),
        ("EXPONENTIAL_BACKOFF", [10, 20, 40]),
    ])
    func retryDelaysFollowTheRetryLogic(logic: String, seconds: [Int]) throws {
        let definition = try taskDef(
            #"{"name": "reserve", "retryCount": 3, "retryDelaySeconds": 10, "backoffScaleFactor": 2, "retryLogic": "\#(logic)"}"#)
        var harness = try started([definition])
        var delays: [Int] = []
        for _ in seconds {
            let decision = try harness.fail("reserve")
            delays.append(try #require(decision.enqueued.first).visibleAt - harness.now)
        }
        #expect(delays == seconds.map { $0 * 1000 })
        #expect(harness.attempts("reserve").map(\.retryCount) == [0, 1, 2, 3])
    }

    @Test func retryDelayIsCappedByMaxRetryDelaySeconds() throws {
        let definition = try taskDef("""
            {"name": "reserve", "retryCount": 4, "retryDelaySeconds": 10, "retryLogic": "EXPONENTIAL_BACKOFF", "maxRetryDelaySeconds": 25}
            """)
        var harness = try started([definition])
        var delays: [Int] = []
        for _ in 0..<4 {
            delays.append(try #require(harness.fail("reserve").enqueued.first).visibleAt - harness.now)
        }
        #expect(delays == [10_000, 20_000, 25_000, 25_000])
    }

    @Test func retryDelayJitterStaysWithinBackoffJitterMs() throws {
        let definition = try taskDef(#"{"name": "reserve", "retryCount": 50, "retryDelaySeconds": 1, "backoffJitterMs": 250}"#)
        var harness = try started([definition])
        var delays: [Int] = []
        for _ in 0..<40 {
            delays.append(try #require(harness.fail("reserve").enqueued.first).visibleAt - harness.now)
        }
        #expect(delays.allSatisfy { (1000...1250).contains($0) })
        #expect(Set(delays).count > 10)
    }

    @Test func aTerminalErrorIsNamedInTheWorkflowsReason() throws {
        var harness = try started([taskDef(#"{"name": "reserve", "retryCount": 3}"#)])
        let decision = try harness.fail("reserve", reason: "no such sku", terminal: true)
        #expect(decision.workflow.status == .failed)
        #expect(decision.workflow.reasonForIncompletion
            == "Task \(try harness.latest("reserve").taskId) failed with status: FAILED_WITH_TERMINAL_ERROR and reason: 'no such sku'")
    }

    @Test func exhaustedRetriesFailTheWorkflow() throws {
        var harness = try started([taskDef(#"{"name": "reserve", "retryCount": 1, "retryDelaySeconds": 0}"#)])
        try harness.fail("reserve", reason: "first")
        harness.advance(seconds: 2)
        let decision = try harness.fail("reserve", reason: "out of stock")
        #expect(decision.workflow.status == .failed)
        #expect(decision.workflow.reasonForIncompletion == "Task \(try harness.latest("reserve").taskId) failed with status: FAILED and reason: 'out of stock'")
        #expect(decision.workflow.failedReferenceTaskNames == ["reserve"])
        #expect(decision.workflow.failedTaskNames == ["reserve"])
        #expect(decision.workflow.endTime == harness.now)
        #expect(decision.enqueued.isEmpty)
        #expect(harness.attempts("reserve").map(\.status) == [.failed, .failed])
        #expect(harness.attempts("charge").isEmpty)
    }

    @Test func terminalErrorIsNotRetried() throws {
        var harness = try started([taskDef(#"{"name": "reserve", "retryCount": 5}"#)])
        let decision = try harness.fail("reserve", reason: "card stolen", terminal: true)
        #expect(decision.workflow.status == .failed)
        #expect(harness.attempts("reserve").map(\.status) == [.failedWithTerminalError])
        #expect(decision.enqueued.isEmpty)
        #expect(decision.workflow.reasonForIncompletion?.contains("card stolen") == true)
    }

    @Test func optionalTaskFailureLetsTheWorkflowGoOn() throws {
        var definition = try orderDefinition()
        definition.tasks[0].optional = true
        definition.tasks[0].retryCount = 0
        var harness = Harness(definition)
        try harness.start()
        let decision = try harness.fail("reserve")
        #expect(harness.attempts("reserve").map(\.status) == [.completedWithErrors])
        #expect(decision.workflow.status == .running)
        #expect(try harness.latest("charge").status == .scheduled)
        #expect(try harness.latest("charge").inputData == ["reservation": nil])
        try harness.run("charge")
        try harness.run("ship")
        #expect(harness.workflow.status == .completed)
    }

    @Test func optionalTaskIsRetriedBeforeItIsPassedOver() throws {
        var definition = linearDef(["a", "b"])
        definition.tasks[0].optional = true
        definition.tasks[0].taskDefinition = try taskDef(#"{"name": "a", "retryCount": 1, "retryDelaySeconds": 0}"#)
        var harness = Harness(definition)
        try harness.start()
        try harness.fail("a")
        #expect(harness.attempts("a").map(\.status) == [.failed, .scheduled])
        try harness.fail("a")
        #expect(harness.attempts("a").map(\.status) == [.failed, .completedWithErrors])
        #expect(try harness.latest("b").status == .scheduled)
    }

    @Test func taskWithoutDefinitionRunsWithConductorDefaults() throws {
        var harness = try started()
        let snapshot = try #require(try harness.latest("reserve").workflowTask.taskDefinition)
        #expect(snapshot.retryCount == 3)
        #expect(snapshot.retryDelaySeconds == 60)
        #expect(snapshot.retryLogic == .fixed)
        #expect(snapshot.timeoutPolicy == .timeOutWorkflow)
        for attempt in 1...3 {
            let decision = try harness.fail("reserve")
            #expect(decision.enqueued.map(\.visibleAt) == [harness.now + 60_000], "attempt \(attempt)")
        }
        try harness.fail("reserve")
        #expect(harness.workflow.status == .failed)
        #expect(harness.attempts("reserve").count == 4)
    }

    @Test func stepRetryCountOverridesTheTaskDefinition() throws {
        var definition = linearDef(["a"])
        definition.tasks[0].retryCount = 0
        var harness = Harness(definition, taskDefs: [try taskDef(#"{"name": "a", "retryCount": 5}"#)])
        try harness.start()
        try harness.fail("a")
        #expect(harness.workflow.status == .failed)
    }

    @Test func inlineDefinitionWinsOverTheRegisteredOne() throws {
        var definition = linearDef(["a"])
        definition.tasks[0].taskDefinition = try taskDef(#"{"name": "a", "retryCount": 1, "retryDelaySeconds": 2}"#)
        var harness = Harness(definition, taskDefs: [try taskDef(#"{"name": "a", "retryCount": 0, "retryDelaySeconds": 90}"#)])
        try harness.start()
        let decision = try harness.fail("a")
        #expect(decision.enqueued.map(\.visibleAt) == [harness.now + 2000])
    }

    @Test func registeredDefinitionIsSnapshottedAtScheduling() throws {
        var harness = try started([taskDef(#"{"name": "reserve", "retryCount": 1, "responseTimeoutSeconds": 30}"#)])
        let task = try harness.latest("reserve")
        #expect(task.responseTimeoutSeconds == 30)
        #expect(task.workflowTask.taskDefinition?.retryCount == 1)
        // Later registrations do not change the attempt under way.
        harness.environment.taskDefinition = { _ in nil }
        try harness.fail("reserve")
        #expect(harness.attempts("reserve").count == 2)
        try harness.fail("reserve")
        #expect(harness.workflow.status == .failed)
    }

    @Test func updateAfterTheWorkflowEndedIsANoOp() throws {
        var harness = try started()
        try harness.poll("reserve")
        let reserveId = try harness.latest("reserve").taskId
        try harness.send(.terminate(reason: "stop"))
        let before = harness.workflow
        let decision = try harness.send(.taskUpdated(TaskResult(taskId: reserveId, status: .completed)))
        #expect(decision.isNoOp)
        #expect(harness.workflow == before)
    }

    @Test func anUnsupportedTaskTypeFailsTheWorkflowWhenReached() throws {
        let definition = try workflowDef("""
            {"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a"}, {"name": "h", "taskReferenceName": "h", "type": "HTTP"}]}
            """)
        var harness = Harness(definition)
        try harness.start()
        let decision = try harness.run("a")
        #expect(decision.workflow.status == .failed)
        #expect(decision.workflow.reasonForIncompletion?.contains("HTTP") == true)
        #expect(decision.enqueued.isEmpty)
    }
}
