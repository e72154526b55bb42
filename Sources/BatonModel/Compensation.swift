/// How a workflow undoes what it did when it fails for good (a Baton extension of `WorkflowDef`:
/// `"compensationPolicy"`; Conductor clients ignore it).
public enum CompensationPolicy: String, Codable, Sendable, CaseIterable {
    /// Run the `compensation` step of every task that completed, newest completion first, one at a time.
    case reverseOrder = "REVERSE_ORDER"
}

/// Where the compensation of a failed workflow stands (a Baton field of the execution,
/// `"compensation"`).
public struct CompensationState: Codable, Sendable, Hashable {
    public enum Phase: String, Codable, Sendable, CaseIterable {
        /// Compensation steps are running; the workflow reports RUNNING meanwhile.
        case running = "RUNNING"
        /// Every completed step was compensated; the workflow ended as its cause said.
        case completed = "COMPLETED"
        /// A compensation step failed after its retries; an operator's retry retries it.
        case failed = "FAILED"
    }

    public var state: Phase
    /// The status the workflow ends with once compensated: FAILED, TIMED_OUT or TERMINATED.
    public var cause: WorkflowStatus
    /// The failure that started the compensation; it becomes the workflow's `reasonForIncompletion`.
    public var reason: String?
    /// The task whose failure started it, if a task's did.
    public var failedReferenceTaskName: String?
    public var failedTaskId: String?
    public var startTime: Int
    public var endTime: Int?
    /// Whether the failure workflow starts when compensation ends even though the cause is an
    /// operator's terminate (it asked with `triggerFailureWorkflow`).
    public var triggersFailureWorkflow: Bool?

    public init(cause: WorkflowStatus, reason: String?, failedTask: Task?, startTime: Int) {
        state = .running
        self.cause = cause
        self.reason = reason
        failedReferenceTaskName = failedTask?.referenceTaskName
        failedTaskId = failedTask?.taskId
        self.startTime = startTime
    }
}

/// A step kept out of line, so that a step can name another one: the step that undoes it
/// (`"compensation": {WorkflowTask}` in a task of a definition).
public indirect enum NestedStep: Sendable, Hashable, Codable {
    case step(WorkflowTask)

    public var step: WorkflowTask {
        switch self {
        case .step(let step): return step
        }
    }

    public init(from decoder: any Decoder) throws {
        self = .step(try WorkflowTask(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try step.encode(to: encoder)
    }
}
