import BatonModel

/// SUB_WORKFLOW: runs another workflow as a child and ends as the child ends.
///
/// `subWorkflowParam` names the child (`name`, `version`) or carries it (`workflowDefinition`);
/// the step's resolved input is the child's input; `taskToDomain` and `priority` default to the
/// parent's. The attempt goes IN_PROGRESS at once with the child's id (drawn here) in
/// `subWorkflowId` and in its output, and the ``Effect/startWorkflow(_:)`` it emits makes the
/// engine start the child in the same transaction. When the child ends, its own decision emits
/// ``Effect/notifyParent(_:)`` and this attempt hears ``WorkflowEvent/childEnded(_:)``: COMPLETED
/// completes it with the child's output; any other end fails it, naming the child's status and
/// reason, and the task definition's retries apply (none without one, as in Conductor).
extension DecisionRun {
    mutating func scheduleSubWorkflow(_ draft: Draft) {
        let reference = draft.step.taskReferenceName
        guard let params = draft.step.subWorkflowParam,
            let name = params.workflowDefinition?.name ?? params.name, !name.isEmpty
        else {
            addSystemTask(draft, status: .failedWithTerminalError, reason: "SUB_WORKFLOW '\(reference)' needs subWorkflowParam.name")
            return
        }
        let childId = environment.ids.next()
        var request = StartWorkflowRequest(
            name: name, version: params.version, correlationId: workflow.correlationId, input: draft.input)
        request.workflowDef = params.workflowDefinition
        request.taskToDomain = params.taskToDomain ?? workflow.taskToDomain
        request.priority = params.priority ?? workflow.priority
        let index = addSystemTask(draft, status: .inProgress, output: ["subWorkflowId": .string(childId)])
        workflow.tasks[index].subWorkflowId = childId
        let requester = TaskReference(workflowId: workflow.workflowId, taskId: draft.taskId)
        effects.append(.startWorkflow(StartRequest(workflowId: childId, request: request, requester: requester, isChild: true)))
    }

    /// The child of a SUB_WORKFLOW attempt ended. A report from a child the attempt no longer waits
    /// for (an earlier attempt's, or after the attempt ended) changes nothing.
    mutating func childEnded(_ end: ChildEnd) throws(DecisionError) {
        guard let index = index(ofTask: end.parent.taskId) else {
            throw .notFound("Task \(end.parent.taskId) not found in workflow \(workflow.workflowId)")
        }
        let task = workflow.tasks[index]
        guard task.subWorkflowId == end.childWorkflowId, !task.status.isTerminal else { return }
        var output = end.output
        output["subWorkflowId"] = .string(end.childWorkflowId)
        var result = TaskResult(taskId: task.taskId, workflowInstanceId: workflow.workflowId, status: .completed, outputData: output)
        if end.status != .completed {
            result.status = .failed
            result.reasonForIncompletion =
                "Sub workflow \(end.childWorkflowId) ended \(end.status.rawValue): \(end.reason ?? "no reason given")"
        }
        try update(with: result)
    }

    /// The ``Effect/notifyParent(_:)`` of a child execution that has just ended, if it is a child.
    func parentNotification() -> Effect? {
        guard workflow.status.isTerminal, let parentId = workflow.parentWorkflowId,
            let parentTaskId = workflow.parentWorkflowTaskId
        else { return nil }
        return .notifyParent(ChildEnd(
            parent: TaskReference(workflowId: parentId, taskId: parentTaskId), childWorkflowId: workflow.workflowId,
            status: workflow.status, output: workflow.output, reason: workflow.reasonForIncompletion))
    }

    /// The running child of a SUB_WORKFLOW attempt that its parent's end cancels is terminated.
    mutating func terminateChild(of task: Task) {
        guard task.workflowTask.taskType == .subWorkflow, let childId = task.subWorkflowId else { return }
        let why = workflow.reasonForIncompletion.map { "with reason: \($0)" } ?? "with status \(workflow.status.rawValue)"
        effects.append(.terminateWorkflow(id: childId, reason: "Parent workflow \(workflow.workflowId) has ended \(why)"))
    }
}
