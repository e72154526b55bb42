/// One step of a workflow definition (Conductor's `WorkflowTask`).
public typealias WorkflowTask = Extensible<WorkflowTaskFields>

/// The fields of ``WorkflowTask`` that Baton reads; every other field round-trips untouched.
public struct WorkflowTaskFields: ExtensibleFields {
    public var name: String
    public var taskReferenceName: String
    public var type: String?
    public var description: String?
    public var inputParameters: [String: JSONValue]?
    public var optional: Bool?
    public var startDelay: Int?
    public var asyncComplete: Bool?
    public var retryCount: Int?
    public var taskDefinition: TaskDef?

    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, taskReferenceName, type, description, inputParameters, optional, startDelay
        case asyncComplete, retryCount, taskDefinition
    }

    public init(name: String, taskReferenceName: String, type: String? = nil) {
        self.name = name
        self.taskReferenceName = taskReferenceName
        self.type = type
    }
}

extension WorkflowTask {
    public init(name: String, taskReferenceName: String, type: TaskType = .simple) {
        self.init(WorkflowTaskFields(name: name, taskReferenceName: taskReferenceName, type: type.rawValue))
    }

    /// The task type, SIMPLE when the definition names none; `nil` for a name Baton does not know.
    public var taskType: TaskType? {
        TaskType(rawValue: fields.type ?? TaskType.simple.rawValue)
    }

    /// The inline `taskDefinition`, named after the task when it gives no name of its own.
    public var inlineTaskDefinition: TaskDef? {
        guard var definition = fields.taskDefinition else { return nil }
        if definition.name.isEmpty { definition.name = fields.name }
        return definition
    }

    /// Whether a failure of this step lets the workflow go on (`optional`).
    public var isOptional: Bool { fields.optional ?? false }
}

/// The task types Conductor defines.
public enum TaskType: String, Codable, Sendable, CaseIterable {
    case simple = "SIMPLE"
    case http = "HTTP"
    case `switch` = "SWITCH"
    case decision = "DECISION"
    case forkJoin = "FORK_JOIN"
    case forkJoinDynamic = "FORK_JOIN_DYNAMIC"
    case join = "JOIN"
    case doWhile = "DO_WHILE"
    case dynamic = "DYNAMIC"
    case subWorkflow = "SUB_WORKFLOW"
    case startWorkflow = "START_WORKFLOW"
    case wait = "WAIT"
    case human = "HUMAN"
    case terminate = "TERMINATE"
    case setVariable = "SET_VARIABLE"
    case inline = "INLINE"
    case jsonJQTransform = "JSON_JQ_TRANSFORM"
    case event = "EVENT"
    case noop = "NOOP"
}
