/// One attempt of one step of an execution (Conductor's runtime `Task`).
///
/// A retry is a new `Task` with its own `taskId`, `retryCount + 1` and `retriedTaskId` pointing back.
/// Times are epoch milliseconds; 0 means "not yet", as in Conductor.
public struct Task: Codable, Sendable, Hashable {
    public var taskId: String
    public var taskType: String
    public var taskDefName: String
    public var referenceTaskName: String
    public var status: TaskStatus
    public var inputData: [String: JSONValue]
    public var outputData: [String: JSONValue]
    public var workflowInstanceId: String
    public var workflowType: String
    public var correlationId: String?
    public var seq: Int
    public var retryCount: Int
    public var pollCount: Int
    public var scheduledTime: Int
    public var startTime: Int
    public var endTime: Int
    public var updateTime: Int
    public var firstStartTime: Int
    public var startDelayInSeconds: Int
    public var callbackAfterSeconds: Int
    public var responseTimeoutSeconds: Int
    public var retriedTaskId: String?
    public var retried: Bool
    public var executed: Bool
    public var callbackFromWorker: Bool
    public var reasonForIncompletion: String?
    public var workerId: String?
    public var domain: String?
    public var workflowPriority: Int
    public var iteration: Int
    public var rateLimitPerFrequency: Int
    public var rateLimitFrequencyInSeconds: Int
    public var workflowTask: WorkflowTask
    public var subWorkflowId: String?
    public var parentTaskId: String?
    /// Baton: for a compensation step, the id of the completed attempt it undoes.
    public var compensationFor: String?
    /// WAIT: when the wait ends, epoch milliseconds; `nil` for a wait ended only through the task API.
    public var waitTimeout: Int?

    public init(
        taskId: String, taskType: String, taskDefName: String, referenceTaskName: String,
        status: TaskStatus, inputData: [String: JSONValue], workflowInstanceId: String,
        workflowType: String, correlationId: String?, seq: Int, scheduledTime: Int,
        workflowTask: WorkflowTask
    ) {
        self.taskId = taskId
        self.taskType = taskType
        self.taskDefName = taskDefName
        self.referenceTaskName = referenceTaskName
        self.status = status
        self.inputData = inputData
        self.outputData = [:]
        self.workflowInstanceId = workflowInstanceId
        self.workflowType = workflowType
        self.correlationId = correlationId
        self.seq = seq
        self.retryCount = 0
        self.pollCount = 0
        self.scheduledTime = scheduledTime
        self.startTime = 0
        self.endTime = 0
        self.updateTime = scheduledTime
        self.firstStartTime = 0
        self.startDelayInSeconds = 0
        self.callbackAfterSeconds = 0
        self.responseTimeoutSeconds = 0
        self.retried = false
        self.executed = false
        self.callbackFromWorker = true
        self.workflowPriority = 0
        self.iteration = 0
        self.rateLimitPerFrequency = 0
        self.rateLimitFrequencyInSeconds = 0
        self.workflowTask = workflowTask
    }
}

/// A worker's report on a task attempt (Conductor's `TaskResult`).
public struct TaskResult: Codable, Sendable, Hashable {
    public var workflowInstanceId: String?
    public var taskId: String
    public var status: TaskStatus
    public var outputData: [String: JSONValue]?
    public var reasonForIncompletion: String?
    public var callbackAfterSeconds: Int?
    public var workerId: String?
    public var logs: [TaskExecLog]?
    public var extendLease: Bool?
    public var subWorkflowId: String?

    public init(taskId: String, workflowInstanceId: String? = nil, status: TaskStatus, outputData: [String: JSONValue]? = nil) {
        self.taskId = taskId
        self.workflowInstanceId = workflowInstanceId
        self.status = status
        self.outputData = outputData
    }
}

/// One line a worker logged against a task (Conductor's `TaskExecLog`).
public struct TaskExecLog: Codable, Sendable, Hashable {
    public var log: String
    public var taskId: String?
    public var createdTime: Int?

    public init(log: String, taskId: String? = nil, createdTime: Int? = nil) {
        self.log = log
        self.taskId = taskId
        self.createdTime = createdTime
    }
}
