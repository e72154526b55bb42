import BatonModel

extension DecisionRun {
    /// A worker claimed the queue entry of `taskId`: the attempt goes IN_PROGRESS and is handed over.
    /// Only a SCHEDULED attempt is handed over, so a stale claim (the attempt already delivered,
    /// or ended) never gives one attempt to two workers; it only drops the queue entry.
    mutating func poll(taskId: String, workerId: String?) {
        effects.append(.dequeue(taskId: taskId))
        guard let index = index(ofTask: taskId), !workflow.status.isTerminal,
            workflow.tasks[index].status == .scheduled
        else { return }
        var task = workflow.tasks[index]
        task.status = .inProgress
        task.pollCount += 1
        if task.startTime == 0 { task.startTime = now }
        if task.firstStartTime == 0 { task.firstStartTime = now }
        task.updateTime = now
        task.callbackAfterSeconds = 0
        task.workerId = workerId
        workflow.tasks[index] = task
        workflow.updateTime = now
        deliveredTask = task
    }

    /// Applies a worker's report. A report on an attempt that has already ended is answered and
    /// ignored, so a duplicate or late completion is never applied twice.
    mutating func update(with result: TaskResult) throws(DecisionError) {
        guard let index = index(ofTask: result.taskId) else {
            throw .notFound("Task \(result.taskId) not found in workflow \(workflow.workflowId)")
        }
        guard !workflow.tasks[index].status.isTerminal, !workflow.status.isTerminal else { return }
        var task = workflow.tasks[index]
        switch result.status {
        case .inProgress:
            if result.extendLease == true || !isWorkerTask(task) {
                // A system task (HUMAN, WAIT, ...) stays IN_PROGRESS and keeps what it was told.
                if !isWorkerTask(task) { apply(result, to: &task) }
                task.updateTime = now
                workflow.tasks[index] = task
                return
            }
            // As in Conductor, a worker's IN_PROGRESS puts the attempt back in its queue, to be
            // polled again once `callbackAfterSeconds` have passed.
            let callback = max(result.callbackAfterSeconds ?? 0, 0)
            task.status = .scheduled
            task.callbackAfterSeconds = callback
            apply(result, to: &task)
            workflow.tasks[index] = task
            effects.append(.enqueue(queueEntry(for: task, visibleAt: now + callback * 1000)))
        case .completed, .failed, .failedWithTerminalError:
            task.status = result.status
            task.endTime = now
            if task.startTime == 0 { task.startTime = now }
            apply(result, to: &task)
            workflow.tasks[index] = task
            settleOptionalFailure(ofTaskAt: index)
            if isWorkerTask(task) { effects.append(.dequeue(taskId: task.taskId)) }
            reconcile()
        default:
            throw .invalid(
                "status \(result.status.rawValue) cannot be reported for a task; use COMPLETED, FAILED, FAILED_WITH_TERMINAL_ERROR or IN_PROGRESS"
            )
        }
        workflow.updateTime = now
    }

    private func apply(_ result: TaskResult, to task: inout Task) {
        if let output = result.outputData { task.outputData = output }
        task.reasonForIncompletion = result.reasonForIncompletion ?? task.reasonForIncompletion
        task.workerId = result.workerId ?? task.workerId
        task.updateTime = now
    }
}
