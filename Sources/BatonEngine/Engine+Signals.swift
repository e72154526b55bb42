import BatonCore
public import BatonModel

/// Signals (Conductor OSS 3.x): complete whatever a workflow is waiting on, without knowing its
/// task id or reference.
extension Engine {
    /// The task types a signal completes: the ones that wait for the outside world.
    static let signalledTypes: Set<String> = [TaskType.wait.rawValue, TaskType.human.rawValue]

    /// Reports `status` with `output` on the first pending WAIT or HUMAN task of the workflow, or,
    /// when it has none, of the sub-workflows it waits on, depth first. Returns the workflow whose
    /// task was signalled, or `nil` when nothing waits.
    @discardableResult
    public func signal(
        workflowId: String, status: TaskStatus, output: [String: JSONValue]
    ) async throws(EngineError) -> Workflow? {
        let workflow = try await workflow(id: workflowId)
        if let waiting = workflow.tasks.first(where: { Self.signalledTypes.contains($0.taskType) && !$0.status.isTerminal }) {
            var result = TaskResult(taskId: waiting.taskId, workflowInstanceId: workflowId, status: status)
            result.outputData = waiting.outputData.merging(output) { $1 }
            try await update(result)
            return try await self.workflow(id: workflowId)
        }
        for task in workflow.tasks where task.taskType == TaskType.subWorkflow.rawValue && !task.status.isTerminal {
            if let childId = task.subWorkflowId, let signalled = try await signal(workflowId: childId, status: status, output: output) {
                return signalled
            }
        }
        return nil
    }
}
