import BatonModel

/// HUMAN: stays IN_PROGRESS until someone completes or fails it through the task API
/// (`POST /api/tasks` or `/api/tasks/{workflowId}/{ref}/{status}`). It never enters a queue.
extension DecisionRun {
    mutating func scheduleHuman(_ draft: Draft) {
        addSystemTask(draft, status: .inProgress)
    }
}
