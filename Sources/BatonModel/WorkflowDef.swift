/// A workflow definition (Conductor's `WorkflowDef`): the blueprint an execution follows.
public typealias WorkflowDef = Extensible<WorkflowDefFields>

/// The fields of ``WorkflowDef`` that Baton reads; every other field round-trips untouched.
public struct WorkflowDefFields: ExtensibleFields {
    public var name: String
    public var description: String?
    public var version: Int?
    public var tasks: [WorkflowTask]
    public var inputParameters: [String]?
    public var outputParameters: [String: JSONValue]?
    public var failureWorkflow: String?
    /// Baton: compensate completed steps when the workflow fails for good; absent, Conductor's behaviour.
    public var compensationPolicy: CompensationPolicy?
    public var schemaVersion: Int?
    public var restartable: Bool?
    public var workflowStatusListenerEnabled: Bool?
    public var ownerEmail: String?
    public var timeoutPolicy: WorkflowTimeoutPolicy?
    public var timeoutSeconds: Int?
    public var variables: [String: JSONValue]?
    public var inputTemplate: [String: JSONValue]?
    public var createTime: Int?
    public var updateTime: Int?

    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, version, tasks, inputParameters, outputParameters, failureWorkflow, compensationPolicy
        case schemaVersion, restartable, workflowStatusListenerEnabled, ownerEmail, timeoutPolicy
        case timeoutSeconds, variables, inputTemplate, createTime, updateTime
    }

    public init(name: String, version: Int? = nil, tasks: [WorkflowTask]) {
        self.name = name
        self.version = version
        self.tasks = tasks
    }
}

extension WorkflowDef {
    public init(name: String, version: Int? = nil, tasks: [WorkflowTask]) {
        self.init(WorkflowDefFields(name: name, version: version, tasks: tasks))
    }

    /// The version, 1 when the client gave none (as Conductor does).
    public var effectiveVersion: Int { fields.version ?? 1 }

    /// Conductor's defaults for the fields a client left out, so that reads show what is in force.
    public func withDefaults() -> WorkflowDef {
        var def = self
        def.version = def.version ?? 1
        def.inputParameters = def.inputParameters ?? []
        def.outputParameters = def.outputParameters ?? [:]
        def.schemaVersion = def.schemaVersion ?? 2
        def.restartable = def.restartable ?? true
        def.workflowStatusListenerEnabled = def.workflowStatusListenerEnabled ?? false
        def.timeoutPolicy = def.timeoutPolicy ?? .alertOnly
        def.timeoutSeconds = def.timeoutSeconds ?? 0
        def.variables = def.variables ?? [:]
        def.inputTemplate = def.inputTemplate ?? [:]
        for index in def.tasks.indices where def.tasks[index].type == nil {
            def.tasks[index].type = TaskType.simple.rawValue
        }
        return def
    }
}
