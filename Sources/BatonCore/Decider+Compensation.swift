import BatonModel

/// Declarative compensation (a Baton extension): when a workflow whose definition sets
/// `compensationPolicy: REVERSE_ORDER` fails for good, the `compensation` step of every task that
/// COMPLETED runs, newest completion first, one at a time, each with its own retries. The workflow
/// reports RUNNING with `compensation.state` RUNNING meanwhile, and then ends as the failure said
/// (FAILED, TIMED_OUT or TERMINATED) with the failure's reason.
///
/// Rules: tasks in parallel fork branches are compensated in the order they completed, like any
/// others; each DO_WHILE iteration's attempt is compensated on its own; a SUB_WORKFLOW task is
/// compensated by its own `compensation` step, while the child workflow compensates itself by its
/// own definition. A compensation that fails after its retries ends the workflow with
/// `compensation.state` FAILED; an operator's retry then retries that compensation, never the
/// business step.
extension DecisionRun {
    /// Starts compensating instead of ending the workflow, when its definition asks for it and
    /// there is something to undo. Returns whether it did.
    mutating func beginCompensation(cause: WorkflowStatus, reason: String?, failedTask: Task?) -> Bool {
        guard workflow.workflowDefinition.compensationPolicy == .reverseOrder, workflow.compensation == nil,
            !compensable().isEmpty
        else { return false }
        recordFailure(of: failedTask)
        cancelPendingTasks()
        workflow.compensation = CompensationState(cause: cause, reason: reason, failedTask: failedTask, startTime: now)
        if failureWorkflowOnTerminate { workflow.compensation?.triggersFailureWorkflow = true }
        workflow.updateTime = now
        compensateNext()
        return true
    }

    /// Completed business attempts that have a compensation step and have not been compensated
    /// yet, newest completion first.
    func compensable() -> [Task] {
        let undone = Set(workflow.tasks.filter { $0.compensationFor != nil && $0.status.isSuccessful }.compactMap(\.compensationFor))
        return workflow.tasks
            .filter { $0.compensationFor == nil && $0.status == .completed && $0.workflowTask.compensationStep != nil && !undone.contains($0.taskId) }
            .sorted { ($0.endTime, $0.seq) > ($1.endTime, $1.seq) }
    }

    /// Schedules the next compensation, one at a time, or ends the workflow when none is left.
    mutating func compensateNext() {
        guard workflow.compensation?.state == .running, workflow.status == .running else { return }
        guard !workflow.tasks.contains(where: { $0.compensationFor != nil && !$0.status.isTerminal }) else { return }
        guard let original = compensable().first, let step = original.workflowTask.compensationStep else {
            return finishCompensation(.completed)
        }
        let before = workflow.tasks.count
        schedule(step)
        for index in before..<workflow.tasks.count { workflow.tasks[index].compensationFor = original.taskId }
    }

    /// A compensation failed after its retries: the workflow ends as its cause said, and says so.
    mutating func failCompensation(_ task: Task) {
        let detail = "compensation '\(task.referenceTaskName)' failed: \(task.reasonForIncompletion ?? task.status.rawValue)"
        finishCompensation(.failed, detail: detail)
    }

    /// Ends a compensating workflow with the status and reason of the failure that started it.
    mutating func finishCompensation(_ phase: CompensationState.Phase, detail: String? = nil) {
        guard var state = workflow.compensation else { return }
        state.state = phase
        state.endTime = now
        workflow.compensation = state
        let reason = [state.reason, detail].compactMap { $0 }.joined(separator: "; ")
        end(state.cause, reason: reason.isEmpty ? nil : reason)
    }

    /// An operator's retry of a workflow whose compensation failed: a new attempt of that
    /// compensation, and compensating goes on.
    mutating func retryCompensation() throws(DecisionError) {
        guard let failed = workflow.tasks.last(where: { $0.compensationFor != nil && !$0.status.isSuccessful }) else {
            throw .conflict("Workflow \(workflow.workflowId) has no failed compensation to retry")
        }
        workflow.compensation?.state = .running
        workflow.compensation?.endTime = nil
        workflow.status = .running
        workflow.endTime = 0
        workflow.updateTime = now
        workflow.lastRetriedTime = now
        if let index = index(ofTask: failed.taskId) { workflow.tasks[index].retried = true }
        scheduleRetry(of: failed, delayMilliseconds: 0)
    }
}
