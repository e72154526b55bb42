public import BatonModel

/// A status change of a workflow or of one of its task attempts, as the change log records it.
public struct ChangeEvent: Sendable, Hashable, Codable {
    /// What changed.
    public enum Kind: String, Sendable, Hashable, Codable {
        case workflow
        case task
        /// Conductor's workflow status listener: the terminal status of a workflow whose definition
        /// sets `workflowStatusListenerEnabled`, for the consumers that follow only those.
        case statusListener = "workflowStatusListener"
        /// Baton's compensation of a failed workflow starting (RUNNING) and ending (COMPLETED or
        /// FAILED): a ``CompensationState/Phase`` name.
        case compensation
    }

    public var kind: Kind
    public var time: Int
    public var workflowId: String
    public var workflowName: String
    public var workflowVersion: Int
    public var correlationId: String?
    /// The new status: a ``WorkflowStatus`` or a ``TaskStatus`` name.
    public var status: String
    public var taskId: String?
    public var taskReferenceName: String?
    public var taskType: String?
    /// A small payload of what the change is about: for a workflow, its `input`, `output` (when
    /// it has any) and `reason` (its reason for incompletion, when set); for a task attempt, its
    /// `output` and `reason` likewise; for compensation, its `cause`, `reason` and
    /// `failedReferenceTaskName`. `nil` in rows written before the field existed.
    public var data: [String: JSONValue]?

    public init(
        kind: Kind, time: Int, workflowId: String, workflowName: String, workflowVersion: Int, correlationId: String?,
        status: String, taskId: String? = nil, taskReferenceName: String? = nil, taskType: String? = nil,
        data: [String: JSONValue]? = nil
    ) {
        self.kind = kind
        self.time = time
        self.workflowId = workflowId
        self.workflowName = workflowName
        self.workflowVersion = workflowVersion
        self.correlationId = correlationId
        self.status = status
        self.taskId = taskId
        self.taskReferenceName = taskReferenceName
        self.taskType = taskType
        self.data = data
    }

    /// The changes between two states of an execution: one event per workflow status change, per
    /// compensation phase change and per task attempt whose status changed or that is new. `old`
    /// is `nil` for a new execution.
    public static func changes(from old: Workflow?, to new: Workflow, at time: Int) -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        let base = ChangeEvent(
            kind: .workflow, time: time, workflowId: new.workflowId, workflowName: new.workflowName,
            workflowVersion: new.workflowVersion, correlationId: new.correlationId,
            status: new.status.rawValue,
            data: payload(input: new.input, output: new.output, reason: new.reasonForIncompletion)
        )
        if old?.status != new.status || (old?.tasks.isEmpty == false && new.tasks.isEmpty) {
            events.append(base)
            if new.status.isTerminal, new.workflowDefinition.workflowStatusListenerEnabled == true {
                var listener = base
                listener.kind = .statusListener
                events.append(listener)
            }
        }
        if let compensation = new.compensation, old?.compensation?.state != compensation.state {
            var event = base
            event.kind = .compensation
            event.status = compensation.state.rawValue
            var data: [String: JSONValue] = ["cause": .string(compensation.cause.rawValue)]
            data["reason"] = compensation.reason.map(JSONValue.string)
            data["failedReferenceTaskName"] = compensation.failedReferenceTaskName.map(JSONValue.string)
            event.data = data
            events.append(event)
        }
        var previous: [String: TaskStatus] = [:]
        for task in old?.tasks ?? [] { previous[task.taskId] = task.status }
        for task in new.tasks where previous[task.taskId] != task.status {
            var event = base
            event.kind = .task
            event.status = task.status.rawValue
            event.taskId = task.taskId
            event.taskReferenceName = task.referenceTaskName
            event.taskType = task.taskType
            event.data = payload(input: nil, output: task.outputData, reason: task.reasonForIncompletion)
            events.append(event)
        }
        return events
    }

    /// The `data` of an event: the parts that are there, and nothing for the parts that are empty.
    static func payload(input: [String: JSONValue]?, output: [String: JSONValue], reason: String?) -> [String: JSONValue] {
        var data: [String: JSONValue] = [:]
        if let input { data["input"] = .object(input) }
        if !output.isEmpty { data["output"] = .object(output) }
        if let reason, !reason.isEmpty { data["reason"] = .string(reason) }
        return data
    }
}
