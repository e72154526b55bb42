/// A commit with its JSON already encoded, so that a store's write transaction only writes.
public struct EncodedCommit: Sendable {
    public let commit: Commit
    /// The execution's state as JSON.
    public let state: String
    /// Each of `commit.changes` as JSON, in order.
    public let changes: [String]
    /// The encoded ``Commit/linked`` commits, applied with this one or not at all.
    public let linked: [EncodedCommit]

    public init(_ commit: Commit) throws(StoreError) {
        self.commit = commit
        state = try JSONText.encode(commit.workflow)
        changes = try commit.changes.map { change throws(StoreError) in try JSONText.encode(change) }
        linked = try commit.linked.map { linked throws(StoreError) in try EncodedCommit(linked) }
    }

    /// This commit followed by its linked ones: what one all-or-nothing unit writes.
    public var unit: [EncodedCommit] { [self] + linked }

    /// The ids of the task attempts this commit's change events are about, in order, each once:
    /// the rows of the task index (task id → execution) that the commit adds.
    public var indexedTaskIds: [String] {
        var seen = Set<String>()
        return commit.changes.compactMap { change in
            guard change.kind == .task, let taskId = change.taskId, seen.insert(taskId).inserted else { return nil }
            return taskId
        }
    }
}
