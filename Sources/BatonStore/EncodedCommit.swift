public import BatonModel

/// A commit with its JSON already encoded, so that a store's write transaction only writes.
public struct EncodedCommit: Sendable {
    public let commit: Commit
    /// The execution's state as JSON.
    public let state: String
    /// Each of `commit.changes` as JSON, in order.
    public let changes: [String]
    /// The task index rows the commit writes: each of ``Commit/changedTaskIds`` with its JSON.
    public let tasks: [EncodedTask]
    /// The encoded ``Commit/linked`` commits, applied with this one or not at all.
    public let linked: [EncodedCommit]

    public init(_ commit: Commit) throws(StoreError) {
        self.commit = commit
        state = try JSONText.encode(commit.workflow)
        changes = try commit.changes.map { change throws(StoreError) in try JSONText.encode(change) }
        let changed = Set(commit.changedTaskIds)
        tasks = try commit.workflow.tasks.filter { changed.contains($0.taskId) }.map { task throws(StoreError) in
            EncodedTask(task: task, json: try JSONText.encode(task))
        }
        linked = try commit.linked.map { linked throws(StoreError) in try EncodedCommit(linked) }
    }

    /// This commit followed by its linked ones: what one all-or-nothing unit writes.
    public var unit: [EncodedCommit] { [self] + linked }
}

/// A task attempt and its JSON, as the task index stores it.
public struct EncodedTask: Sendable {
    public let task: Task
    public let json: String

    /// The attempt's domain as the index and the queue store it: empty for none.
    public var domain: String { task.domain ?? "" }
}
