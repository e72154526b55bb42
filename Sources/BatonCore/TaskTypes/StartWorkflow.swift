import BatonModel
import Foundation

/// START_WORKFLOW: starts another workflow and completes without waiting for it.
///
/// Input `startWorkflow` is a start request (`name`, `version`, `input`, `correlationId`,
/// `taskToDomain`, `workflowDef`, `priority`). The attempt goes IN_PROGRESS with the
/// ``Effect/startWorkflow(_:)`` it emits; in the same transaction the engine starts the workflow and
/// answers ``WorkflowEvent/workflowStarted(taskId:workflowId:)``, which completes the attempt with
/// output `workflowId`, or ``WorkflowEvent/startFailed(taskId:reason:)``, which fails it. The new
/// workflow has no parent: its end is nobody's business here.
extension DecisionRun {
    mutating func scheduleStartWorkflow(_ draft: Draft) {
        let reference = draft.step.taskReferenceName
        let request: StartWorkflowRequest
        do {
            request = try Self.startRequest(in: draft.input)
        } catch {
            addSystemTask(draft, status: .failedWithTerminalError, reason: "START_WORKFLOW '\(reference)': \(error.message)")
            return
        }
        addSystemTask(draft, status: .inProgress)
        let requester = TaskReference(workflowId: workflow.workflowId, taskId: draft.taskId)
        let start = StartRequest(workflowId: environment.ids.next(), request: request, requester: requester, isChild: false)
        effects.append(.startWorkflow(start))
    }

    /// The start request in a START_WORKFLOW attempt's input `startWorkflow`.
    static func startRequest(in input: [String: JSONValue]) throws(DefinitionError) -> StartWorkflowRequest {
        guard let value = input["startWorkflow"], value.objectValue != nil else {
            throw DefinitionError("input startWorkflow must be an object naming the workflow to start")
        }
        let request: StartWorkflowRequest
        do {
            request = try JSONDecoder().decode(StartWorkflowRequest.self, from: JSONEncoder().encode(value))
        } catch let error as DecodingError {
            throw DefinitionError("input startWorkflow is not a start request: \(error.summary)")
        } catch {
            throw DefinitionError("input startWorkflow is not a start request: \(error)")
        }
        guard !request.name.isEmpty || request.workflowDef != nil else {
            throw DefinitionError("input startWorkflow needs name")
        }
        return request
    }

    /// The engine started the execution a START_WORKFLOW (or SUB_WORKFLOW) attempt asked for.
    mutating func workflowStarted(taskId: String, workflowId: String) throws(DecisionError) {
        guard let index = index(ofTask: taskId) else {
            throw .notFound("Task \(taskId) not found in workflow \(workflow.workflowId)")
        }
        // A SUB_WORKFLOW attempt knows its child already and waits for its end.
        guard workflow.tasks[index].workflowTask.taskType == .startWorkflow else { return }
        try update(with: TaskResult(
            taskId: taskId, workflowInstanceId: workflow.workflowId, status: .completed,
            outputData: ["workflowId": .string(workflowId)]))
    }

    /// The engine could not start the execution an attempt asked for: the attempt fails.
    mutating func startFailed(taskId: String, reason: String) throws(DecisionError) {
        var result = TaskResult(taskId: taskId, workflowInstanceId: workflow.workflowId, status: .failed)
        result.reasonForIncompletion = reason
        try update(with: result)
    }
}
