/// The status of one task attempt, as Conductor names it.
public enum TaskStatus: String, Codable, Sendable, CaseIterable {
    case inProgress = "IN_PROGRESS"
    case canceled = "CANCELED"
    case failed = "FAILED"
    case failedWithTerminalError = "FAILED_WITH_TERMINAL_ERROR"
    case completed = "COMPLETED"
    case completedWithErrors = "COMPLETED_WITH_ERRORS"
    case scheduled = "SCHEDULED"
    case timedOut = "TIMED_OUT"
    case skipped = "SKIPPED"

    /// The attempt has ended and takes no more updates.
    public var isTerminal: Bool {
        switch self {
        case .inProgress, .scheduled: return false
        default: return true
        }
    }

    /// The attempt ended in a way that lets the workflow go on.
    public var isSuccessful: Bool {
        switch self {
        case .completed, .completedWithErrors, .skipped: return true
        default: return false
        }
    }

    /// A failure that the task's retry policy may answer with a new attempt.
    public var isRetriable: Bool {
        self != .failedWithTerminalError
    }
}

/// The status of a workflow execution, as Conductor names it.
public enum WorkflowStatus: String, Codable, Sendable, CaseIterable {
    case running = "RUNNING"
    case completed = "COMPLETED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case terminated = "TERMINATED"
    case paused = "PAUSED"

    /// The execution has ended.
    public var isTerminal: Bool {
        switch self {
        case .running, .paused: return false
        default: return true
        }
    }

    /// The execution ended well.
    public var isSuccessful: Bool {
        self == .completed || self == .paused
    }
}

/// How the delay before a retry grows (TaskDef `retryLogic`).
public enum RetryLogic: String, Codable, Sendable, CaseIterable {
    case fixed = "FIXED"
    case exponentialBackoff = "EXPONENTIAL_BACKOFF"
    case linearBackoff = "LINEAR_BACKOFF"
}

/// What a task's `timeoutSeconds` does when it passes (TaskDef `timeoutPolicy`).
public enum TaskTimeoutPolicy: String, Codable, Sendable, CaseIterable {
    case retry = "RETRY"
    case timeOutWorkflow = "TIME_OUT_WF"
    case alertOnly = "ALERT_ONLY"
}

/// What a workflow's `timeoutSeconds` does when it passes (WorkflowDef `timeoutPolicy`).
public enum WorkflowTimeoutPolicy: String, Codable, Sendable, CaseIterable {
    case timeOutWorkflow = "TIME_OUT_WF"
    case alertOnly = "ALERT_ONLY"
}
