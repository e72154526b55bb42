public import BatonModel

/// The code that performs one task type, for ``WorkerRunner`` to run.
public struct Worker: Sendable {
    /// The task type (task definition name) it polls for.
    public var taskType: String
    /// How many tasks of the type it works on at once.
    public var concurrency: Int
    /// Performs one task attempt. A thrown error fails the attempt with the error's description
    /// as its reason, so the task's retry policy applies.
    public var execute: @Sendable (Task) async throws -> WorkerOutcome

    public init(taskType: String, concurrency: Int = 1, execute: @escaping @Sendable (Task) async throws -> WorkerOutcome) {
        self.taskType = taskType
        self.concurrency = max(concurrency, 1)
        self.execute = execute
    }
}

/// How a worker's attempt ended.
public enum WorkerOutcome: Sendable {
    /// Done, with this output.
    case completed([String: JSONValue])
    /// Failed; with `terminal`, never retried (FAILED_WITH_TERMINAL_ERROR).
    case failed(reason: String, terminal: Bool = false)
    /// Still working: the attempt comes back to a worker after `callbackAfterSeconds`.
    case inProgress(output: [String: JSONValue] = [:], callbackAfterSeconds: Int)
}

extension WorkerOutcome {
    /// The report of this outcome on `task`.
    func result(for task: Task, workerId: String) -> TaskResult {
        var result = TaskResult(taskId: task.taskId, workflowInstanceId: task.workflowInstanceId, status: .completed)
        result.workerId = workerId
        switch self {
        case .completed(let output):
            result.outputData = output
        case .failed(let reason, let terminal):
            result.status = terminal ? .failedWithTerminalError : .failed
            result.reasonForIncompletion = reason
        case .inProgress(let output, let callback):
            result.status = .inProgress
            result.outputData = output
            result.callbackAfterSeconds = callback
        }
        return result
    }
}
