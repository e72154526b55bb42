import BatonModel

extension DecisionRun {
    /// An attempt ended without success: retry it, let it pass when optional, or fail the workflow.
    mutating func handleFailure(ofTaskAt index: Int) {
        let task = workflow.tasks[index]
        let policy = retryPolicy(of: task)
        if mayRetry(task) {
            workflow.tasks[index].retried = true
            var random = environment.random
            let delay = policy.delayMilliseconds(after: task.retryCount, random: &random)
            environment.random = random
            scheduleRetry(of: task, delayMilliseconds: delay)
        } else if task.compensationFor != nil {
            failCompensation(task)
        } else if task.workflowTask.isOptional {
            workflow.tasks[index].status = .completedWithErrors
            scheduleNext(after: task.referenceTaskName)
        } else {
            let status: WorkflowStatus =
                switch task.status {
                case .timedOut: .timedOut
                case .canceled: .terminated
                default: .failed
                }
            let reason = "Task \(task.taskId) failed with status: \(task.status.rawValue) and reason: '\(task.reasonForIncompletion ?? "")'"
            end(status, reason: reason, failedTask: task)
        }
    }

    func retryPolicy(of task: Task) -> RetryPolicy {
        RetryPolicy(definition: task.workflowTask.taskDefinition ?? taskDefinition(for: task.workflowTask), step: task.workflowTask)
    }

    /// Whether the retry policy answers this ended attempt with a new one. Only queued tasks and
    /// SUB_WORKFLOW (a new child may succeed) are retried: Conductor never retries its control
    /// tasks (SWITCH, FORK, JOIN, DO_WHILE, ...), and the other system tasks run in the decider,
    /// where a new attempt would fail the same way.
    func mayRetry(_ task: Task) -> Bool {
        (isWorkerTask(task) || task.workflowTask.taskType == .subWorkflow) && task.status.isRetriable && task.status != .canceled && retryPolicy(of: task).allowsRetry(after: task.retryCount)
    }

    /// Ends a failed attempt of an optional step COMPLETED_WITH_ERRORS at once when it will not be
    /// retried, even while the workflow is paused, so that its status changes only once.
    mutating func settleOptionalFailure(ofTaskAt index: Int) {
        let task = workflow.tasks[index]
        if !task.status.isSuccessful, task.workflowTask.isOptional, !mayRetry(task) {
            workflow.tasks[index].status = .completedWithErrors
        }
    }

    /// Adds the next attempt of `task`: a new id, `retryCount + 1`, the same input. A system task
    /// that waits (JOIN, EXCLUSIVE_JOIN, DO_WHILE, WAIT, HUMAN) comes back IN_PROGRESS where it was; one that runs
    /// at once is run again.
    mutating func scheduleRetry(of task: Task, delayMilliseconds: Int, input: [String: JSONValue]? = nil) {
        if !isWorkerTask(task) {
            switch task.workflowTask.taskType {
            case .join, .exclusiveJoin, .doWhile, .wait, .human: break
            default: return schedule(task.workflowTask, input: input ?? task.inputData, retryOf: task)
            }
        }
        var attempt = task.readied(at: now, input: input ?? task.inputData, delayMilliseconds: delayMilliseconds)
        attempt.taskId = environment.ids.next()
        attempt.retriedTaskId = task.taskId
        attempt.retryCount = task.retryCount + 1
        attempt.seq = workflow.tasks.count + 1
        attempt.domain = domain(for: attempt)
        guard isWorkerTask(task) else {
            attempt.status = .inProgress
            attempt.startTime = now
            workflow.tasks.append(attempt)
            return
        }
        append(attempt, visibleAt: now + delayMilliseconds)
    }
}
