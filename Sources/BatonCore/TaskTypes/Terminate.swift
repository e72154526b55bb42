import BatonModel

/// TERMINATE: ends the workflow at once, whatever else is still running (it is cancelled).
///
/// Input: `terminationStatus` COMPLETED, FAILED or TERMINATED; `terminationReason`, the
/// workflow's `reasonForIncompletion`; `workflowOutput`, the workflow's output (else the
/// definition's `outputParameters` as usual). The attempt itself completes with `workflowOutput`.
extension DecisionRun {
    mutating func scheduleTerminate(_ draft: Draft) {
        let reference = draft.step.taskReferenceName
        let statusName = draft.input["terminationStatus"]?.stringValue ?? ""
        guard let status = WorkflowStatus(rawValue: statusName), [.completed, .failed, .terminated].contains(status) else {
            addSystemTask(draft, status: .failedWithTerminalError,
                reason: "TERMINATE '\(reference)': terminationStatus must be COMPLETED, FAILED or TERMINATED (got '\(statusName)')")
            return
        }
        let output = draft.input["workflowOutput"]?.objectValue
        let index = addSystemTask(draft, status: .completed, output: output ?? [:])
        workflow.tasks[index].executed = true
        let reason = draft.input["terminationReason"]?.stringValue
        // The output is set before a failure workflow starts, which adds its id to it.
        end(status, reason: reason, failedTask: status == .completed ? nil : workflow.tasks[index], output: output)
    }
}
