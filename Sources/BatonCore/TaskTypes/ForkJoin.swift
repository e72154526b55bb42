import BatonModel

/// FORK_JOIN: runs its `forkTasks` branches side by side. The fork attempt completes at once;
/// the first step of every branch and the JOIN that follows the fork are then scheduled together.
extension DecisionRun {
    mutating func scheduleFork(_ draft: Draft) {
        addSystemTask(draft, status: .completed)
    }

    /// Starts every branch of a completed fork attempt.
    mutating func enterBranches(of task: Task) {
        for branch in task.workflowTask.forkTasks ?? [] {
            if let first = branch.first { begin(first) }
        }
    }
}
