public import BatonModel

/// What ``Decider`` made of an event: the execution as it is now and what must happen with it.
///
/// The engine commits `workflow`, `effects` and the change events between the old and the new
/// execution in one transaction.
public struct Decision: Sendable {
    public var workflow: Workflow
    public var effects: [Effect]
    /// The task handed to the worker, when the event was a poll that could be honoured.
    public var deliveredTask: Task?
    /// Whether the event changed nothing (a duplicate completion, a poll of a cancelled task).
    public var isNoOp: Bool

    public init(workflow: Workflow, effects: [Effect], deliveredTask: Task? = nil, isNoOp: Bool) {
        self.workflow = workflow
        self.effects = effects
        self.deliveredTask = deliveredTask
        self.isNoOp = isNoOp
    }

    /// The execution as it stands, before any decision: nothing to commit.
    public static func unchanged(_ workflow: Workflow) -> Decision {
        Decision(workflow: workflow, effects: [], isNoOp: true)
    }

    /// The earliest time a deadline of the execution passes, if it has any: the engine wakes it then.
    public var wakeAt: Int? { workflow.nextDeadline }
}

/// A side effect of a decision, applied in the same transaction as the new state.
///
/// The store applies the queue effects; the engine turns the linked ones (``isLinked``) into
/// decisions of the other executions they name, committed in the same transaction.
public enum Effect: Sendable, Hashable {
    /// Puts a task attempt in the queue its workers poll, visible from `visibleAt`.
    case enqueue(QueueEntry)
    /// Takes a task attempt out of its queue.
    case dequeue(taskId: String)
    /// Starts another execution (SUB_WORKFLOW, START_WORKFLOW).
    case startWorkflow(StartRequest)
    /// Tells the parent's SUB_WORKFLOW task that this child execution ended.
    case notifyParent(ChildEnd)
    /// Terminates another execution: the running child of a SUB_WORKFLOW task cancelled by the end of its parent.
    case terminateWorkflow(id: String, reason: String)
}

/// A queue entry: a task attempt a worker may poll.
public struct QueueEntry: Sendable, Hashable, Codable {
    public var taskId: String
    public var workflowId: String
    /// The task type workers poll for (the task definition's name).
    public var taskType: String
    /// The domain polls must name to see it; `nil` for the default domain.
    public var domain: String?
    /// Higher priorities are polled first (workflow `priority`, 0 to 99).
    public var priority: Int
    /// Epoch milliseconds from which it may be polled.
    public var visibleAt: Int

    /// Conductor's name of the queue: the task type, prefixed by `domain:` when there is one.
    public var queueName: String { Self.queueName(taskType, domain: domain) }

    public static func queueName(_ taskType: String, domain: String?) -> String {
        guard let domain, !domain.isEmpty else { return taskType }
        return "\(domain):\(taskType)"
    }

    public init(taskId: String, workflowId: String, taskType: String, domain: String?, priority: Int, visibleAt: Int) {
        self.taskId = taskId
        self.workflowId = workflowId
        self.taskType = taskType
        self.domain = domain
        self.priority = priority
        self.visibleAt = visibleAt
    }
}

/// An event that cannot be applied to the execution as it stands. Nothing changes.
public enum DecisionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The execution is in a state that forbids the action (HTTP 409).
    case conflict(String)
    /// The action names something the execution does not have (HTTP 404).
    case notFound(String)
    /// The request itself is wrong (HTTP 400).
    case invalid(String)

    public var description: String {
        switch self {
        case .conflict(let message), .notFound(let message), .invalid(let message): return message
        }
    }
}
