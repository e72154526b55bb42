/// A page of search results (Conductor's `SearchResult`).
public struct SearchResult<Item: Codable & Sendable>: Codable, Sendable {
    public var totalHits: Int
    public var results: [Item]

    public init(totalHits: Int, results: [Item]) {
        self.totalHits = totalHits
        self.results = results
    }
}

/// One execution in search results (Conductor's `WorkflowSummary`): times are ISO-8601 text,
/// input and output are JSON text.
public struct WorkflowSummary: Codable, Sendable, Hashable {
    public var workflowType: String
    public var version: Int
    public var workflowId: String
    public var correlationId: String?
    public var startTime: String
    public var updateTime: String
    public var endTime: String?
    public var status: WorkflowStatus
    public var input: String
    public var output: String
    public var reasonForIncompletion: String?
    public var executionTime: Int
    public var failedReferenceTaskNames: String
    public var priority: Int
    public var createdBy: String?
    public var idempotencyKey: String?
    public var parentWorkflowId: String?

    public init(
        workflowType: String, version: Int, workflowId: String, correlationId: String?, startTime: String,
        updateTime: String, endTime: String?, status: WorkflowStatus, input: String, output: String,
        reasonForIncompletion: String?, executionTime: Int, failedReferenceTaskNames: String, priority: Int
    ) {
        self.workflowType = workflowType
        self.version = version
        self.workflowId = workflowId
        self.correlationId = correlationId
        self.startTime = startTime
        self.updateTime = updateTime
        self.endTime = endTime
        self.status = status
        self.input = input
        self.output = output
        self.reasonForIncompletion = reasonForIncompletion
        self.executionTime = executionTime
        self.failedReferenceTaskNames = failedReferenceTaskNames
        self.priority = priority
    }
}
