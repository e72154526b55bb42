import BatonModel

/// NOOP: does nothing and completes at once.
extension DecisionRun {
    mutating func scheduleNoop(_ draft: Draft) {
        addSystemTask(draft, status: .completed)
    }
}
