import BatonModel

/// WAIT: stays IN_PROGRESS until a time, or until it is completed through the task API.
///
/// Input `duration` ("2d 3h 10m 30s") or `until` ("yyyy-MM-dd HH:mm", optionally followed by a
/// zone; UTC when none) sets its `waitTimeout`; the deadline machinery then completes it
/// (``Workflow/deadlines()``), so the engine's timers wake it even after a restart. Without
/// either it waits for the task API. Both at once, or one that does not parse, fails it.
extension DecisionRun {
    mutating func scheduleWait(_ draft: Draft) {
        let reference = draft.step.taskReferenceName
        let duration = draft.input["duration"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let until = draft.input["until"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        var waitTimeout: Int?
        switch (duration, until) {
        case (nil, nil):
            break
        case (let duration?, nil):
            guard let seconds = WaitTime.seconds(in: duration) else {
                return failWait(draft, "duration '\(duration)' of WAIT '\(reference)' is not like \"2d 3h 10m 30s\"")
            }
            waitTimeout = now + seconds * 1000
        case (nil, let until?):
            guard let time = WaitTime.epochMilliseconds(of: until) else {
                return failWait(draft, "until '\(until)' of WAIT '\(reference)' is not a date like \"2030-01-31 14:30\" or \"2030-01-31 14:30 UTC\"")
            }
            waitTimeout = time
        case (_?, _?):
            return failWait(draft, "WAIT '\(reference)' takes duration or until, not both")
        }
        let index = addSystemTask(draft, status: .inProgress)
        workflow.tasks[index].waitTimeout = waitTimeout
    }

    private mutating func failWait(_ draft: Draft, _ reason: String) {
        addSystemTask(draft, status: .failedWithTerminalError, reason: reason)
    }

    /// A WAIT attempt's time has come: it completes.
    mutating func endWait(at index: Int) {
        guard !workflow.tasks[index].status.isTerminal else { return }
        finishSystemTask(at: index, status: .completed)
    }
}
