import BatonModel

/// EXCLUSIVE_JOIN: joins the cases of a SWITCH or DECISION, of which one ran. It takes the output
/// of the first of its `joinOn` references that has an attempt that was not skipped, or, when
/// none has, of the first such of `defaultExclusiveJoinTask`; it waits while that attempt runs,
/// and fails when it failed. Both lists (named for the current iteration inside a loop) are kept
/// in its input, as Conductor does.
extension DecisionRun {
    mutating func scheduleExclusiveJoin(_ draft: Draft) {
        var draft = draft
        for (key, references) in [("joinOn", draft.step.joinOn), ("defaultExclusiveJoinTask", draft.step.defaultExclusiveJoinTask)] {
            draft.input[key] = .array((references ?? []).map { .string(runtimeReference(of: $0).name) })
        }
        addSystemTask(draft, status: .inProgress)
    }

    /// Ends the open EXCLUSIVE_JOIN at `index` when the attempt it joins has ended; `true` if it did.
    mutating func evaluateExclusiveJoin(at index: Int) -> Bool {
        let join = workflow.tasks[index]
        func ran(_ key: String) -> Task? {
            for reference in join.inputData[key]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                if let task = latestTask(reference), task.status != .skipped { return task }
            }
            return nil
        }
        guard let joined = ran("joinOn") ?? ran("defaultExclusiveJoinTask"),
            joined.status.isTerminal, joined.executed, !joined.retried
        else { return false }
        if joined.status.isSuccessful {
            finishSystemTask(at: index, status: .completed, output: joined.outputData)
        } else {
            let reason = "task '\(joined.referenceTaskName)' ended \(joined.status.rawValue): \(joined.reasonForIncompletion ?? "")"
            finishSystemTask(at: index, status: .failed, reason: reason)
        }
        return true
    }
}
