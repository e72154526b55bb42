import BatonModel

/// DO_WHILE: runs its `loopOver` body, then evaluates `loopCondition` (JavaScript) and runs the
/// body again while it is true, as a `do ... while` does; an empty condition runs it once.
///
/// The loop attempt stays IN_PROGRESS with its current `iteration`; each body attempt is named
/// `ref__N` and carries `iteration` N. A loop may hold another loop; the inner loop's attempt in
/// iteration M of the outer one is `inner__M`, and its body's attempts are `ref__M__N`
/// (Conductor names no nested loops: its documentation says they are not supported, though it
/// registers them). After each iteration the loop's output gets `iteration`
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
        let loopName = runtimeReference(of: reference).name
        guard let index = workflow.tasks.lastIndex(where: { $0.referenceTaskName == loopName }),
            workflow.tasks[index].status == .inProgress
        else { return }
        let loop = workflow.tasks[index]
        let iteration = loop.iteration
        // This iteration's attempts of the body's steps end so (`step__N`, or `step__M__N` when
        // this loop runs inside iteration M of another).
        let suffix = "\(loopName.dropFirst(reference.count))__\(iteration)"
        var results: [String: JSONValue] = [:]
        for task in workflow.tasks where task.referenceTaskName.hasSuffix(suffix) {
            let name = Blueprint.definitionReference(of: task)
            if task.referenceTaskName == name + suffix, blueprint.enclosingLoop(of: name) == reference {
                results[name] = .object(task.outputData)
            }
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
