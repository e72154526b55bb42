import BatonModel
import Foundation

/// Conductor's `failureWorkflow`: when a workflow ends FAILED or TIMED_OUT, the workflow its
/// definition names starts, in the same transaction, with the failed workflow's input plus
/// `workflowId`, `reason`, `failureStatus`, `failureTaskId` and `failedWorkflow` (the failed
/// execution); its id goes into the failed workflow's output as `conductor.failure_workflow`.
/// A workflow that compensates runs its compensation first and starts the failure workflow when
/// it ends. An operator's terminate starts none, as in Conductor, unless it asks with Orkes's
/// `triggerFailureWorkflow`.
extension DecisionRun {
    mutating func startFailureWorkflow(failedTaskId: String?) {
        let asked = failureWorkflowOnTerminate || workflow.compensation?.triggersFailureWorkflow == true
        guard workflow.status == .failed || workflow.status == .timedOut || (workflow.status == .terminated && asked),
            let template = workflow.workflowDefinition.failureWorkflow, !template.isEmpty
        else { return }
        // The name may be an expression such as `${workflow.input.onFailure}`.
        let name = (try? ParameterContext(workflow: workflow).resolve(.string(template)))?.stringValue ?? template
        guard !name.isEmpty else { return }
        var input = workflow.input
        input["workflowId"] = .string(workflow.workflowId)
        input["reason"] = workflow.reasonForIncompletion.map(JSONValue.string) ?? .null
        input["failureStatus"] = .string(workflow.status.rawValue)
        input["failureTaskId"] = failedTaskId.map(JSONValue.string) ?? .null
        input["failedWorkflow"] = Self.document(of: workflow)
        let request = StartWorkflowRequest(name: name, correlationId: workflow.correlationId, input: input)
        let id = environment.ids.next()
        effects.append(.startWorkflow(StartRequest(workflowId: id, request: request, requester: nil, isChild: false)))
        workflow.output["conductor.failure_workflow"] = .string(id)
    }

    /// The execution as JSON, as its API answer shows it.
    static func document(of workflow: Workflow) -> JSONValue {
        guard let data = try? JSONEncoder().encode(workflow) else { return .null }
        return (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
    }
}
