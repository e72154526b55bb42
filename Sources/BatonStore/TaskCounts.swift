/// How busy a task type is, as ``Store/taskCounts(taskType:since:)`` answers.
public struct TaskCounts: Sendable, Hashable {
    /// Attempts of the type that are `IN_PROGRESS`.
    public var inProgress: Int
    /// Attempts of the type that started at or after the time asked about.
    public var startedSince: Int

    public init(inProgress: Int, startedSince: Int) {
        self.inProgress = inProgress
        self.startedSince = startedSince
    }
}
