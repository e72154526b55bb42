public import BatonModel

/// A status change of a workflow or of one of its task attempts, as the change log records it.
public struct ChangeEvent: Sendable, Hashable, Codable {
    /// What changed.
    public enum Kind: String, Sendable, Hashable, Codable {
        case workflow
        case task
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

    /// The changes between two states of an execution: one event per workflow status change and
    /// per task attempt whose status changed or that is new. `old` is `nil` for a new execution.
    public static func changes(from old: Workflow?, to new: Workflow, at time: Int) -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        let base = ChangeEvent(
            kind: .workflow, time: time, workflowId: new.workflowId, workflowName: new.workflowName,
            workflowVersion: new.workflowVersion, correlationId: new.correlationId,
            status: new.status.rawValue
        )
        if old?.status != new.status || (old?.tasks.isEmpty == false && new.tasks.isEmpty) {
            events.append(base)
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
            events.append(event)
        }
        return events
    }
}
