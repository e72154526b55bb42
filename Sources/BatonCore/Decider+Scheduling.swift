import BatonModel

/// A step about to become a task attempt: the step, the attempt's id and its resolved input.
struct Draft {
    var step: WorkflowTask
    var taskId: String
    var input: [String: JSONValue]
    /// The attempt this one retries, for a system task that is run afresh on retry (SUB_WORKFLOW).
    var retryOf: Task? = nil
}

extension DecisionRun {
    /// What follows the ended attempt `referenceName`: the steps it opens (a switch case, fork
    /// branches), else the step after it in its container, at any depth. Steps an operator skipped
    /// ahead of time are passed over; nothing happens when the next step is already there.
    mutating func scheduleNext(after referenceName: String) {
        guard let task = workflow.tasks.last(where: { $0.referenceTaskName == referenceName }) else { return }
        if task.status != .skipped, task.status.isSuccessful {
            switch task.workflowTask.taskType {
            case .switch, .decision: if enterCase(of: task) { return }
            case .forkJoin: enterBranches(of: task)
            default: break
            }
        }
        advance(past: task)
    }

    /// Schedules the step after `task` in its container, or finishes the container when `task`
    /// was its last step. An attempt that is not in the definition (a dynamically forked one)
    /// has no next step: its JOIN waits for it.
    mutating func advance(past task: Task) {
        let reference = Blueprint.definitionReference(of: task)
        guard let place = blueprint.place(of: reference) else { return }
        if let next = blueprint.step(after: reference) { return begin(next) }
        switch place.container {
        case .top, .branch:
            return  // the workflow completes, or the JOIN notices, in reconcile
        case .switchCase(let owner, _):
            if let switchTask = latestTask(runtimeReference(of: owner).name) { advance(past: switchTask) }
        case .loopBody(let loop):
            continueLoop(loop)
        }
    }

    /// Schedules `step` unless an attempt of it is already there; one skipped ahead of time is
    /// passed over.
    mutating func begin(_ step: WorkflowTask) {
        if let existing = latestTask(runtimeReference(of: step.taskReferenceName).name) {
            if existing.status == .skipped, existing.executed { advance(past: existing) }
            return
        }
        schedule(step)
    }

    /// The latest attempt of the runtime reference name `reference`.
    func latestTask(_ reference: String) -> Task? {
        workflow.tasks.last { $0.referenceTaskName == reference }
    }

    /// The reference name and iteration an attempt of the definition's step `reference` gets now:
    /// inside a DO_WHILE body, `reference__N` for the loop's current iteration N. Inside a loop
    /// nested in another, the enclosing loops' iterations come first: in iteration 3 of `inner`,
    /// itself in iteration 2 of `outer` (and so named `inner__2`), a step is `reference__2__3`.
    func runtimeReference(of reference: String) -> (name: String, iteration: Int) {
        guard let loop = blueprint.enclosingLoop(of: reference) else { return (reference, 0) }
        let loopName = runtimeReference(of: loop).name
        guard let loopTask = latestTask(loopName) else { return (reference, 0) }
        return ("\(reference)\(loopName.dropFirst(loop.count))__\(loopTask.iteration)", loopTask.iteration)
    }

    /// Adds the first attempt of `step`, with its input resolved unless `input` is given.
    mutating func schedule(_ step: WorkflowTask, input override: [String: JSONValue]? = nil, retryOf: Task? = nil) {
        // A step before it in the same decision may have ended the workflow (TERMINATE).
        guard workflow.status == .running else { return }
        let taskId = environment.ids.next()
        var input: [String: JSONValue]
        if let override {
            input = override
        } else {
            do {
                input = try ParameterContext(workflow: workflow, taskId: taskId).resolve(step.inputParameters ?? [:])
            } catch {
                return end(.failed, reason: "input of task '\(step.taskReferenceName)': \(error)")
            }
        }
        let draft = Draft(step: step, taskId: taskId, input: input, retryOf: retryOf)
        switch step.taskType {
        case .simple: scheduleWorkerTask(draft)
        case .switch, .decision: scheduleSwitch(draft)
        case .forkJoin: scheduleFork(draft)
        case .forkJoinDynamic: scheduleDynamicFork(draft)
        case .join: scheduleJoin(draft)
        case .exclusiveJoin: scheduleExclusiveJoin(draft)
        case .doWhile: scheduleLoop(draft)
        case .dynamic: scheduleDynamic(draft)
        case .setVariable: scheduleSetVariable(draft)
        case .noop: scheduleNoop(draft)
        case .terminate: scheduleTerminate(draft)
        case .wait: scheduleWait(draft)
        case .human: scheduleHuman(draft)
        case .inline: scheduleInline(draft)
        case .lambda: scheduleLambda(draft)
        case .jsonJQTransform: scheduleJQTransform(draft)
        case .subWorkflow: scheduleSubWorkflow(draft)
        case .startWorkflow: scheduleStartWorkflow(draft)
        case .http: scheduleHTTP(draft)
        case .event: scheduleEvent(draft)
        default:
            end(.failed, reason: "task '\(step.taskReferenceName)' has type \(step.type ?? "?"), which this server does not run")
        }
    }

    /// The task definition in force for `step`: inline, registered, or Conductor's defaults, which
    /// give a system task (HTTP, SUB_WORKFLOW) no retries.
    func taskDefinition(for step: WorkflowTask) -> TaskDef {
        var fallback = TaskDef(name: step.name)
        if step.taskType != .simple { fallback.retryCount = 0 }
        return (step.inlineTaskDefinition ?? environment.taskDefinition(step.name) ?? fallback).withDefaults()
    }

    /// A new attempt of `draft`'s step, named for the current loop iteration, not yet added.
    func makeTask(_ draft: Draft, type: String, status: TaskStatus) -> Task {
        let step = draft.step
        let (reference, iteration) = runtimeReference(of: step.taskReferenceName)
        var task = Task(
            taskId: draft.taskId, taskType: type, taskDefName: step.name,
            referenceTaskName: reference, status: status, inputData: draft.input,
            workflowInstanceId: workflow.workflowId, workflowType: workflow.workflowName,
            correlationId: workflow.correlationId, seq: workflow.tasks.count + 1, scheduledTime: now,
            workflowTask: step
        )
        task.iteration = iteration
        task.workflowPriority = workflow.priority
        if let previous = draft.retryOf {
            task.retryCount = previous.retryCount + 1
            task.retriedTaskId = previous.taskId
        }
        return task
    }

    /// Adds an attempt of a system task: it runs inside the decider and never enters a worker queue.
    /// An attempt added ended (`status` terminal) is acted on by ``reconcile()``.
    @discardableResult
    mutating func addSystemTask(
        _ draft: Draft, status: TaskStatus, output: [String: JSONValue] = [:], reason: String? = nil
    ) -> Int {
        var task = makeTask(draft, type: draft.step.type ?? TaskType.simple.rawValue, status: status)
        task.outputData = output
        task.reasonForIncompletion = reason
        task.startTime = now
        if status.isTerminal { task.endTime = now }
        workflow.tasks.append(task)
        workflow.updateTime = now
        return workflow.tasks.count - 1
    }

    /// Adds the first attempt of a step run by external workers and puts it in its queue: the queue
    /// named after the step, or `queue` for a system task run by the engine's runner (HTTP).
    mutating func scheduleWorkerTask(_ draft: Draft, queue: String? = nil) {
        let step = draft.step
        let definition = taskDefinition(for: step)
        var input = draft.input
        for (key, value) in definition.inputTemplate ?? [:] where input[key] == nil || input[key] == .null {
            input[key] = value
        }
        var snapshot = step
        snapshot.taskDefinition = definition
        var task = makeTask(Draft(step: snapshot, taskId: draft.taskId, input: input), type: queue ?? step.name, status: .scheduled)
        task.domain = domain(for: task)
        task.responseTimeoutSeconds = definition.responseTimeoutSeconds ?? 0
        task.startDelayInSeconds = step.startDelay ?? 0
        task.callbackAfterSeconds = step.startDelay ?? 0
        task.rateLimitPerFrequency = definition.rateLimitPerFrequency ?? 0
        task.rateLimitFrequencyInSeconds = definition.rateLimitFrequencyInSeconds ?? 0
        append(task, visibleAt: now + task.startDelayInSeconds * 1000)
    }

    /// The domain an attempt run by external workers is queued in, chosen afresh for each attempt
    /// from the workflow's `taskToDomain` and the domains workers poll now. System tasks (HTTP)
    /// take no domain, as in Conductor.
    func domain(for task: Task) -> String? {
        guard task.workflowTask.taskType == .simple else { return nil }
        return TaskDomains.domain(for: task.taskType, in: workflow.taskToDomain, active: environment.activeDomains)
    }

    /// Whether `task` waits in a queue for a worker (SIMPLE) or the engine's runner (HTTP); every
    /// other type runs in the decider.
    func isWorkerTask(_ task: Task) -> Bool {
        task.workflowTask.taskType == .simple || task.workflowTask.taskType == .http
    }

    /// Adds a scheduled attempt and puts it in its queue.
    mutating func append(_ task: Task, visibleAt: Int) {
        workflow.tasks.append(task)
        workflow.updateTime = now
        effects.append(.enqueue(queueEntry(for: task, visibleAt: visibleAt)))
    }

    func queueEntry(for task: Task, visibleAt: Int) -> QueueEntry {
        QueueEntry(
            taskId: task.taskId, workflowId: workflow.workflowId, taskType: task.taskType,
            domain: task.domain, priority: workflow.priority, visibleAt: visibleAt
        )
    }
}
