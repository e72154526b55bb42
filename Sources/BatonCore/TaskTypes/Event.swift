import BatonModel

/// EVENT: publishes its input to Baton's own sink, the change feed. The sink is `conductor` (the
/// event is named `conductor:<workflow>:<reference>`, as Conductor names it) or `conductor:<name>`.
/// The attempt completes at once; its COMPLETED change event carries the published payload
/// (the input, plus the workflow's id, type, version and correlation id) and `event_produced`, so
/// the feed's readers and webhooks receive it in order with everything else of the workflow.
extension DecisionRun {
    /// The sinks Baton publishes to.
    static let eventSinkPrefix = "conductor"

    mutating func scheduleEvent(_ draft: Draft) {
        let sink = draft.step.sink ?? Self.eventSinkPrefix
        let name = sink == Self.eventSinkPrefix ? "\(sink):\(workflow.workflowName):\(draft.step.taskReferenceName)" : sink
        var payload = draft.input
        payload["workflowInstanceId"] = .string(workflow.workflowId)
        payload["workflowType"] = .string(workflow.workflowName)
        payload["workflowVersion"] = .int(Int64(workflow.workflowVersion))
        payload["correlationId"] = workflow.correlationId.map(JSONValue.string) ?? .null
        payload["event_produced"] = .string(name)
        payload["sink"] = .string(sink)
        addSystemTask(draft, status: .completed, output: payload)
    }
}
