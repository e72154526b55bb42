import BatonModel

/// DO_WHILE: runs its `loopOver` body, then evaluates `loopCondition` (JavaScript) and runs the
/// body again while it is true, as a `do ... while` does; an empty condition runs it once.
///
/// The loop attempt stays IN_PROGRESS with its current `iteration`; each body attempt is named
/// `ref__N` and carries `iteration` N. After each iteration the loop's output gets `iteration`
/// and, under the key "N", every body task's output by its definition reference name. The
/// condition sees the loop's input, the loop's output under its own reference name, and each
/// body task's output (this iteration) under its reference name: `$.loop.iteration < 3`.
extension DecisionRun {
    mutating func scheduleLoop(_ draft: Draft) {
        let index = addSystemTask(draft, status: .inProgress, output: ["iteration": 1])
        workflow.tasks[index].iteration = 1
        startIteration(of: draft.step)
    }

    /// The body of the loop `reference` has ended its current iteration: go round again or finish.
    mutating func continueLoop(_ reference: String) {
        guard let index = workflow.tasks.lastIndex(where: { $0.referenceTaskName == reference }),
            workflow.tasks[index].status == .inProgress
        else { return }
        let loop = workflow.tasks[index]
        let iteration = loop.iteration
        var results: [String: JSONValue] = [:]
        for task in workflow.tasks where task.iteration == iteration && task.referenceTaskName != reference {
            let name = Blueprint.definitionReference(of: task)
            if blueprint.enclosingLoop(of: name) == reference { results[name] = .object(task.outputData) }
        }
        var output = loop.outputData
        output["iteration"] = .int(Int64(iteration))
        output[String(iteration)] = .object(results)
        workflow.tasks[index].outputData = output
        workflow.tasks[index].updateTime = now

        var conditionInput = loop.inputData
        conditionInput[reference] = .object(output)
        conditionInput.merge(results) { $1 }
        let condition = loop.workflowTask.loopCondition ?? ""
        let goOn: Bool
        do {
            goOn = condition.isEmpty ? false : try environment.scripts.evaluateJavaScript(condition, input: .object(conditionInput)).isTrueCondition
        } catch {
            let reason = "evaluating loopCondition of '\(reference)' after iteration \(iteration): \(error.message)"
            return finishSystemTask(at: index, status: .failedWithTerminalError, reason: reason)
        }
        guard goOn else { return finishSystemTask(at: index, status: .completed) }
        workflow.tasks[index].iteration = iteration + 1
        workflow.tasks[index].outputData["iteration"] = .int(Int64(iteration + 1))
        startIteration(of: loop.workflowTask)
    }

    private mutating func startIteration(of step: WorkflowTask) {
        if let first = step.loopOver?.first { begin(first) }
    }
}
