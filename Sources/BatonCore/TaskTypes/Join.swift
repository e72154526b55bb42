import BatonModel

/// JOIN: waits for the attempts it joins on, then completes with each one's output keyed by
/// reference name. It fails when one of them failed for good; an optional one that failed
/// counts as ended (COMPLETED_WITH_ERRORS).
///
/// It joins on its `joinOn` references (named for the current iteration inside a loop), or,
/// after a FORK_JOIN_DYNAMIC, on the tasks that fork created. The list is kept in its input
/// as `joinOn`, as Conductor does.
extension DecisionRun {
    mutating func scheduleJoin(_ draft: Draft) {
        var draft = draft
        let reference = draft.step.taskReferenceName
        let joined: [String]
        if let previous = blueprint.step(before: reference), previous.taskType == .forkJoinDynamic,
            let fork = latestTask(runtimeReference(of: previous.taskReferenceName).name)
        {
            joined = fork.inputData["forkedTasks"]?.arrayValue?.compactMap(\.stringValue) ?? []
        } else {
            joined = (draft.step.joinOn ?? []).map { runtimeReference(of: $0).name }
        }
        draft.input["joinOn"] = .array(joined.map(JSONValue.string))
        addSystemTask(draft, status: .inProgress)
    }

    /// Lets every open JOIN look at what it waits for; `true` when one of them ended.
    mutating func evaluateJoins() -> Bool {
        var ended = false
        for index in workflow.tasks.indices {
            let join = workflow.tasks[index]
            guard join.status == .inProgress else { continue }
            if join.workflowTask.taskType == .exclusiveJoin {
                if evaluateExclusiveJoin(at: index) { ended = true }
                continue
            }
            guard join.workflowTask.taskType == .join else { continue }
            let joined = join.inputData["joinOn"]?.arrayValue?.compactMap(\.stringValue) ?? []
            var output: [String: JSONValue] = [:]
            var failure: Task?
            var pending = false
            for reference in joined {
                guard let task = latestTask(reference), task.status.isTerminal, task.executed, !task.retried else {
                    pending = true
                    continue
                }
                if task.status.isSuccessful {
                    output[reference] = .object(task.outputData)
                } else if failure == nil {
                    failure = task
                }
            }
            if let failure {
                let reason = "task '\(failure.referenceTaskName)' ended \(failure.status.rawValue): \(failure.reasonForIncompletion ?? "")"
                finishSystemTask(at: index, status: .failed, output: output, reason: reason)
                ended = true
            } else if !pending {
                finishSystemTask(at: index, status: .completed, output: output)
                ended = true
            }
        }
        return ended
    }

    /// Ends an open system task attempt; ``reconcile()`` acts on it.
    mutating func finishSystemTask(at index: Int, status: TaskStatus, output: [String: JSONValue]? = nil, reason: String? = nil) {
        if let output { workflow.tasks[index].outputData = output }
        workflow.tasks[index].status = status
        workflow.tasks[index].reasonForIncompletion = reason ?? workflow.tasks[index].reasonForIncompletion
        workflow.tasks[index].endTime = now
        workflow.tasks[index].updateTime = now
        workflow.updateTime = now
    }
}
