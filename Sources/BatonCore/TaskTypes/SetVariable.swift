import BatonModel

/// SET_VARIABLE: merges its input into `workflow.variables` (a key given again replaces the
/// old value) and completes at once.
extension DecisionRun {
    mutating func scheduleSetVariable(_ draft: Draft) {
        workflow.variables.merge(draft.input) { $1 }
        addSystemTask(draft, status: .completed)
    }
}
