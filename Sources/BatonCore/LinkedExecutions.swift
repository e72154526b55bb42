public import BatonModel

/// A task attempt of an execution: who asked for a start, whose child ended.
public struct TaskReference: Sendable, Hashable {
    public var workflowId: String
    public var taskId: String

    public init(workflowId: String, taskId: String) {
        self.workflowId = workflowId
        self.taskId = taskId
    }
}

/// An execution a decision starts (SUB_WORKFLOW, START_WORKFLOW); the engine resolves its
/// definition, decides its start and commits it with the decision that asked for it.
public struct StartRequest: Sendable, Hashable {
    /// The new execution's id, drawn by the decider so that the asking task can name it at once.
    public var workflowId: String
    /// What to start: name and version or an inline definition, input, correlation id, domains, priority.
    public var request: StartWorkflowRequest
    /// The task that asked; it hears ``WorkflowEvent/workflowStarted(taskId:workflowId:)`` or
    /// ``WorkflowEvent/startFailed(taskId:reason:)`` in the same transaction. `nil` when no task
    /// waits for the answer (a failure workflow).
    public var requester: TaskReference?
    /// Whether the new execution is the requester's child (`parentWorkflowId`, and its end is
    /// reported back) rather than an independent one.
    public var isChild: Bool

    public init(workflowId: String, request: StartWorkflowRequest, requester: TaskReference?, isChild: Bool) {
        self.workflowId = workflowId
        self.request = request
        self.requester = requester
        self.isChild = isChild
    }
}

/// A child execution ended: what its parent's SUB_WORKFLOW task hears.
public struct ChildEnd: Sendable, Hashable {
    /// The parent's SUB_WORKFLOW attempt waiting for the child.
    public var parent: TaskReference
    public var childWorkflowId: String
    public var status: WorkflowStatus
    public var output: [String: JSONValue]
    public var reason: String?

    public init(
        parent: TaskReference, childWorkflowId: String, status: WorkflowStatus, output: [String: JSONValue], reason: String?
    ) {
        self.parent = parent
        self.childWorkflowId = childWorkflowId
        self.status = status
        self.output = output
        self.reason = reason
    }
}

extension Effect {
    /// Whether the effect reaches another execution (the engine acts on it) rather than a queue (the store does).
    public var isLinked: Bool {
        switch self {
        case .enqueue, .dequeue: false
        case .startWorkflow, .notifyParent, .terminateWorkflow: true
        }
    }
}
