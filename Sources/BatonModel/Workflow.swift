/// One execution of a workflow definition (Conductor's runtime `Workflow`), tasks included.
///
/// The definition it runs is kept inside (`workflowDefinition`), so later edits of the
/// registered definition do not change an execution already under way.
public struct Workflow: Codable, Sendable, Hashable {
    public var workflowId: String
    public var workflowName: String
    public var workflowVersion: Int
    public var status: WorkflowStatus
    public var input: [String: JSONValue]
    public var output: [String: JSONValue]
    public var variables: [String: JSONValue]
    public var correlationId: String?
    public var reasonForIncompletion: String?
    public var tasks: [Task]
    public var taskToDomain: [String: String]
    public var priority: Int
    public var createTime: Int
    public var startTime: Int
    public var endTime: Int
    public var updateTime: Int
    public var lastRetriedTime: Int
    public var failedReferenceTaskNames: [String]
    public var failedTaskNames: [String]
    public var parentWorkflowId: String?
    public var parentWorkflowTaskId: String?
    public var reRunFromWorkflowId: String?
    public var createdBy: String?
    public var idempotencyKey: String?
    /// Baton: where compensation stands, once the workflow has started compensating.
    public var compensation: CompensationState?
    public var workflowDefinition: WorkflowDef

    public init(
        workflowId: String, definition: WorkflowDef, input: [String: JSONValue],
        correlationId: String?, priority: Int, taskToDomain: [String: String], now: Int
    ) {
        self.workflowId = workflowId
        self.workflowName = definition.name
        self.workflowVersion = definition.effectiveVersion
        self.status = .running
        self.input = input
        self.output = [:]
        self.variables = definition.variables ?? [:]
        self.correlationId = correlationId
        self.tasks = []
        self.taskToDomain = taskToDomain
        self.priority = priority
        self.createTime = now
        self.startTime = now
        self.endTime = 0
        self.updateTime = now
        self.lastRetriedTime = 0
        self.failedReferenceTaskNames = []
        self.failedTaskNames = []
        self.workflowDefinition = definition
    }
}

/// A request to start an execution (Conductor's `StartWorkflowRequest`).
public struct StartWorkflowRequest: Codable, Sendable, Hashable {
    /// Required by `POST /api/workflow`; the execute endpoint takes it from its path instead.
    @EmptyIfMissing public var name: String
    public var version: Int?
    public var correlationId: String?
    public var input: [String: JSONValue]?
    public var taskToDomain: [String: String]?
    public var workflowDef: WorkflowDef?
    public var priority: Int?
    public var createdBy: String?
    public var idempotencyKey: String?
    public var idempotencyStrategy: IdempotencyStrategy?

    public init(name: String, version: Int? = nil, correlationId: String? = nil, input: [String: JSONValue]? = nil) {
        self.name = name
        self.version = version
        self.correlationId = correlationId
        self.input = input
    }
}

/// What a start with an `idempotencyKey` already used does.
public enum IdempotencyStrategy: String, Codable, Sendable, CaseIterable {
    case fail = "FAIL"
    case returnExisting = "RETURN_EXISTING"
    case failOnRunning = "FAIL_ON_RUNNING"
}
