/// A row of task search (Conductor's `TaskSummary`).
///
/// As in ``WorkflowSummary``, times are ISO-8601 strings in UTC and `input` and `output` are text.
public struct TaskSummary: Codable, Sendable, Hashable {
    public var taskId: String
    public var taskType: String
    public var taskDefName: String
    /// Baton adds the reference name, which Conductor's summary lacks.
    public var referenceTaskName: String?
    public var workflowId: String
    public var workflowType: String
    public var correlationId: String?
    public var scheduledTime: String?
    public var startTime: String?
    public var updateTime: String?
    public var endTime: String?
    public var status: TaskStatus
    public var reasonForIncompletion: String?
    /// Milliseconds from start to end; 0 until the attempt ends.
    public var executionTime: Int
    /// Milliseconds from scheduled to started; 0 until a worker takes it.
    public var queueWaitTime: Int
    public var input: String?
    public var output: String?
    public var workflowPriority: Int
    public var domain: String?

    public init(
        taskId: String, taskType: String, taskDefName: String, referenceTaskName: String? = nil, workflowId: String,
        workflowType: String, correlationId: String? = nil, scheduledTime: String? = nil, startTime: String? = nil,
        updateTime: String? = nil, endTime: String? = nil, status: TaskStatus, reasonForIncompletion: String? = nil,
        executionTime: Int = 0, queueWaitTime: Int = 0, input: String? = nil, output: String? = nil,
        workflowPriority: Int = 0, domain: String? = nil
    ) {
        self.taskId = taskId
        self.taskType = taskType
        self.taskDefName = taskDefName
        self.referenceTaskName = referenceTaskName
        self.workflowId = workflowId
        self.workflowType = workflowType
        self.correlationId = correlationId
        self.scheduledTime = scheduledTime
        self.startTime = startTime
        self.updateTime = updateTime
        self.endTime = endTime
        self.status = status
        self.reasonForIncompletion = reasonForIncompletion
        self.executionTime = executionTime
        self.queueWaitTime = queueWaitTime
        self.input = input
        self.output = output
        self.workflowPriority = workflowPriority
        self.domain = domain
    }
}
