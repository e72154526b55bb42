/// The body of `PUT /api/workflow/{id}/skiptask/{ref}` (Conductor's `SkipTaskRequest`).
public struct SkipTaskRequest: Codable, Sendable, Hashable {
    public var taskInput: [String: JSONValue]?
    public var taskOutput: [String: JSONValue]?

    public init(taskInput: [String: JSONValue]? = nil, taskOutput: [String: JSONValue]? = nil) {
        self.taskInput = taskInput
        self.taskOutput = taskOutput
    }
}

/// The body of `POST /api/workflow/{id}/rerun` (Conductor's `RerunWorkflowRequest`).
public struct RerunWorkflowRequest: Codable, Sendable, Hashable {
    public var reRunFromWorkflowId: String?
    public var workflowInput: [String: JSONValue]?
    public var reRunFromTaskId: String?
    public var taskInput: [String: JSONValue]?
    public var correlationId: String?

    public init(reRunFromTaskId: String? = nil, workflowInput: [String: JSONValue]? = nil, taskInput: [String: JSONValue]? = nil) {
        self.reRunFromTaskId = reRunFromTaskId
        self.workflowInput = workflowInput
        self.taskInput = taskInput
    }
}
