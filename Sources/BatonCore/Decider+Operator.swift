import BatonModel

/// The operator actions of Conductor's workflow API.
extension DecisionRun {
    mutating func pause() throws(DecisionError) {
        if workflow.status.isTerminal {
            throw .conflict("Workflow \(workflow.workflowId) has ended (\(workflow.status.rawValue)); it cannot be paused")
        }
        guard workflow.status != .paused else { return }
        workflow.status = .paused
        workflow.updateTime = now
    }

    mutating func resume() throws(DecisionError) {
        guard workflow.status == .paused else {
            throw .conflict("Workflow \(workflow.workflowId) is \(workflow.status.rawValue), not PAUSED; it cannot be resumed")
        }
        workflow.status = .running
        workflow.lastRetriedTime = now
        workflow.updateTime = now
        reconcile()
    }

    /// Terminates the workflow; a failed or timed-out one becomes TERMINATED too, as in Conductor.
    mutating func terminate(reason: String?, compensate: Bool, triggerFailureWorkflow: Bool) throws(DecisionError) {
        if workflow.status == .completed {
            throw .conflict("Workflow \(workflow.workflowId) has COMPLETED; it cannot be terminated")
        }
        guard workflow.status != .terminated else { return }
        failureWorkflowOnTerminate = triggerFailureWorkflow
        end(.terminated, reason: reason, compensate: compensate)
    }

    /// Sets variables of a workflow that has not ended, as a SET_VARIABLE step would.
    mutating func updateVariables(_ variables: [String: JSONValue], appendArray: Bool) throws(DecisionError) {
        if workflow.status.isTerminal {
            throw .conflict("Workflow \(workflow.workflowId) has ended (\(workflow.status.rawValue)); its variables cannot change")
        }
        for (name, value) in variables {
            if appendArray, case .array(let added) = value, case .array(let held)? = workflow.variables[name] {
                workflow.variables[name] = .array(held + added)
            } else {
                workflow.variables[name] = value
            }
        }
        workflow.updateTime = now
    }

    /// Retries an ended workflow from where it failed: every last attempt that did not succeed gets
    /// a new attempt, and the workflow runs again.
    mutating func retryWorkflow() throws(DecisionError) {
        guard workflow.status.isTerminal, workflow.status != .completed else {
            throw .conflict("Workflow \(workflow.workflowId) is \(workflow.status.rawValue); only a failed, timed out or terminated workflow can be retried")
        }
        if workflow.compensation?.state == .failed {
            try retryCompensation()
            return reconcile()
        }
        var latest: [String: Task] = [:]
        for task in workflow.tasks where task.compensationFor == nil { latest[task.referenceTaskName] = task }
        let unsuccessful = workflow.tasks.filter { task in
            latest[task.referenceTaskName]?.taskId == task.taskId && !task.status.isSuccessful
        }
        guard !unsuccessful.isEmpty else {
            throw .conflict("Workflow \(workflow.workflowId) has no failed task to retry")
        }
        reopen()
        workflow.lastRetriedTime = now
        for task in unsuccessful {
            if let index = index(ofTask: task.taskId) { workflow.tasks[index].retried = true }
            scheduleRetry(of: task, delayMilliseconds: 0)
        }
        reconcile()
    }

    /// Runs an ended workflow again from its first step, with the same input.
    mutating func restart(with definition: WorkflowDef?) throws(DecisionError) {
        guard workflow.status.isTerminal else {
            throw .conflict("Workflow \(workflow.workflowId) is still \(workflow.status.rawValue); only an ended workflow can be restarted")
        }
        guard workflow.workflowDefinition.restartable ?? true else {
            throw .conflict("Workflow \(workflow.workflowId) is not restartable: its definition sets restartable to false")
        }
        if let definition {
            workflow.workflowDefinition = definition
            workflow.workflowVersion = definition.effectiveVersion
            blueprint = Blueprint(definition.tasks)
        }
        workflow.tasks = []
        workflow.output = [:]
        workflow.variables = workflow.workflowDefinition.variables ?? [:]
        workflow.createTime = now
        workflow.startTime = now
        reopen()
        reconcile()
    }

    /// Runs an ended workflow again, from a given task (with new input) or from the start.
    mutating func rerun(_ request: RerunWorkflowRequest) throws(DecisionError) {
        guard workflow.status.isTerminal else {
            throw .conflict("Workflow \(workflow.workflowId) is still \(workflow.status.rawValue); only an ended workflow can be rerun")
        }
        if let input = request.workflowInput { workflow.input = input }
        if let correlationId = request.correlationId { workflow.correlationId = correlationId }
        guard let taskId = request.reRunFromTaskId else {
            workflow.tasks = []
            workflow.output = [:]
            workflow.startTime = now
            reopen()
            return reconcile()
        }
        guard let index = index(ofTask: taskId) else {
            throw .notFound("Task \(taskId) not found in workflow \(workflow.workflowId)")
        }
        // As in Conductor, the task is reset in place (same id) and everything after it is dropped.
        workflow.tasks.removeSubrange((index + 1)...)
        var task = workflow.tasks[index].readied(at: now, input: request.taskInput ?? workflow.tasks[index].inputData)
        task.reasonForIncompletion = nil
        task.domain = domain(for: task)
        workflow.tasks[index] = task
        workflow.output = [:]
        reopen()
        effects.append(.enqueue(queueEntry(for: task, visibleAt: now)))
        reconcile()
    }

    /// Marks a step SKIPPED: the attempt under way, or, when it has not been scheduled yet, ahead
    /// of time so that the workflow passes over it when it gets there.
    mutating func skipTask(_ referenceName: String, _ request: SkipTaskRequest) throws(DecisionError) {
        guard workflow.status == .running else {
            throw .conflict("Workflow \(workflow.workflowId) is \(workflow.status.rawValue); tasks can be skipped only while it runs")
        }
        guard let step = blueprint.step(referenceName) ?? latestTask(referenceName)?.workflowTask else {
            throw .notFound("No task with taskReferenceName '\(referenceName)' in workflow \(workflow.workflowName)")
        }
        if let index = workflow.tasks.lastIndex(where: { $0.referenceTaskName == referenceName }) {
            guard !workflow.tasks[index].status.isTerminal else {
                throw .conflict("Task '\(referenceName)' has already ended (\(workflow.tasks[index].status.rawValue))")
            }
            workflow.tasks[index].status = .skipped
            workflow.tasks[index].endTime = now
            workflow.tasks[index].updateTime = now
            if let input = request.taskInput { workflow.tasks[index].inputData.merge(input) { $1 } }
            workflow.tasks[index].outputData = request.taskOutput ?? [:]
            if isWorkerTask(workflow.tasks[index]) { effects.append(.dequeue(taskId: workflow.tasks[index].taskId)) }
        } else {
            var task = Task(
                taskId: environment.ids.next(), taskType: step.name, taskDefName: step.name,
                referenceTaskName: referenceName, status: .skipped, inputData: request.taskInput ?? [:],
                workflowInstanceId: workflow.workflowId, workflowType: workflow.workflowName,
                correlationId: workflow.correlationId, seq: workflow.tasks.count + 1, scheduledTime: now,
                workflowTask: step
            )
            task.outputData = request.taskOutput ?? [:]
            task.endTime = now
            task.executed = true
            workflow.tasks.append(task)
        }
        workflow.updateTime = now
        reconcile()
    }

    /// Puts an ended workflow back to RUNNING, forgetting how it ended.
    private mutating func reopen() {
        workflow.status = .running
        workflow.reasonForIncompletion = nil
        workflow.endTime = 0
        workflow.updateTime = now
        workflow.failedReferenceTaskNames = []
        workflow.failedTaskNames = []
        workflow.compensation = nil
    }
}
