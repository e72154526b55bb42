public import BatonModel

extension Workflow {
    /// A new execution of `definition` for `request`, before its first decision: the definition's
    /// `inputTemplate` fills input keys the request left out.
    public static func starting(
        _ request: StartWorkflowRequest, definition: WorkflowDef, id: String, now: Int
    ) -> Workflow {
        var input = request.input ?? [:]
        for (key, value) in definition.inputTemplate ?? [:] where input[key] == nil {
            input[key] = value
        }
        var workflow = Workflow(
            workflowId: id, definition: definition, input: input, correlationId: request.correlationId,
            priority: request.priority ?? 0, taskToDomain: request.taskToDomain ?? [:], now: now
        )
        workflow.createdBy = request.createdBy
        workflow.idempotencyKey = request.idempotencyKey
        return workflow
    }
}
