import BatonModel

extension DecisionRun {
    /// Schedules the step after `referenceName` in the definition, passing over steps an
    /// operator skipped ahead of time. Nothing happens when that step is already there.
    mutating func scheduleNext(after referenceName: String) {
        let steps = workflow.workflowDefinition.tasks
        guard var position = steps.firstIndex(where: { $0.taskReferenceName == referenceName }) else { return }
        while true {
            position += 1
            guard position < steps.count else { return }
            let step = steps[position]
            let existing = workflow.tasks.last { $0.referenceTaskName == step.taskReferenceName }
            guard let existing else { return schedule(step) }
            guard existing.status == .skipped else { return }
        }
    }

    /// Adds the first attempt of `step` to the execution.
    mutating func schedule(_ step: WorkflowTask) {
        switch step.taskType {
        case .simple:
            scheduleWorkerTask(step)
        default:
            end(.failed, reason: "task '\(step.taskReferenceName)' has type \(step.type ?? "?"), which this server does not run")
        }
    }

    /// The task definition in force for `step`: inline, registered, or Conductor's defaults.
    func taskDefinition(for step: WorkflowTask) -> TaskDef {
        (step.inlineTaskDefinition ?? environment.taskDefinition(step.name) ?? TaskDef(name: step.name)).withDefaults()
    }

    mutating func scheduleWorkerTask(_ step: WorkflowTask, input override: [String: JSONValue]? = nil) {
        let definition = taskDefinition(for: step)
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
        for (key, value) in definition.inputTemplate ?? [:] where input[key] == nil || input[key] == .null {
            input[key] = value
        }
        var snapshot = step
        snapshot.taskDefinition = definition
        var task = Task(
            taskId: taskId, taskType: step.name, taskDefName: step.name,
            referenceTaskName: step.taskReferenceName, status: .scheduled, inputData: input,
            workflowInstanceId: workflow.workflowId, workflowType: workflow.workflowName,
            correlationId: workflow.correlationId, seq: workflow.tasks.count + 1, scheduledTime: now,
            workflowTask: snapshot
        )
        task.domain = workflow.taskToDomain[step.name] ?? workflow.taskToDomain["*"]
        task.responseTimeoutSeconds = definition.responseTimeoutSeconds ?? 0
        task.startDelayInSeconds = step.startDelay ?? 0
        task.callbackAfterSeconds = step.startDelay ?? 0
        task.workflowPriority = workflow.priority
        task.rateLimitPerFrequency = definition.rateLimitPerFrequency ?? 0
        task.rateLimitFrequencyInSeconds = definition.rateLimitFrequencyInSeconds ?? 0
        append(task, visibleAt: now + task.startDelayInSeconds * 1000)
    }

    /// Adds a scheduled attempt and puts it in its queue.
    mutating func append(_ task: Task, visibleAt: Int) {
        workflow.tasks.append(task)
        workflow.updateTime = now
        effects.append(.enqueue(queueEntry(for: task, visibleAt: visibleAt)))
    }

    func queueEntry(for task: Task, visibleAt: Int) -> QueueEntry {
        QueueEntry(
            taskId: task.taskId, workflowId: workflow.workflowId, taskType: task.taskDefName,
            domain: task.domain, priority: workflow.priority, visibleAt: visibleAt
        )
    }
}
