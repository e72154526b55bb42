/// A task definition (Conductor's `TaskDef`): the retry, timeout and rate rules of a task type.
public typealias TaskDef = Extensible<TaskDefFields>

/// The fields of ``TaskDef`` that Baton reads; every other field round-trips untouched.
public struct TaskDefFields: ExtensibleFields {
    /// Required when registered; an inline definition in a workflow task may leave it out.
    @EmptyIfMissing public var name: String
    public var description: String?
    public var retryCount: Int?
    public var retryLogic: RetryLogic?
    public var retryDelaySeconds: Int?
    public var backoffScaleFactor: Int?
    public var maxRetryDelaySeconds: Int?
    public var backoffJitterMs: Int?
    public var timeoutSeconds: Int?
    public var timeoutPolicy: TaskTimeoutPolicy?
    public var responseTimeoutSeconds: Int?
    public var pollTimeoutSeconds: Int?
    public var inputTemplate: [String: JSONValue]?
    public var concurrentExecLimit: Int?
    public var rateLimitPerFrequency: Int?
    public var rateLimitFrequencyInSeconds: Int?
    public var ownerEmail: String?
    public var createTime: Int?
    public var updateTime: Int?

    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, retryCount, retryLogic, retryDelaySeconds, backoffScaleFactor
        case maxRetryDelaySeconds, backoffJitterMs, timeoutSeconds, timeoutPolicy, responseTimeoutSeconds
        case pollTimeoutSeconds, inputTemplate, concurrentExecLimit, rateLimitPerFrequency
        case rateLimitFrequencyInSeconds, ownerEmail, createTime, updateTime
    }

    public init(name: String) {
        self.name = name
    }
}

extension TaskDef {
    /// A definition with only a name: every rule at Conductor's default.
    public init(name: String) {
        self.init(TaskDefFields(name: name))
    }

    /// Conductor's defaults for the fields a client left out, so that reads show the rules in force.
    public func withDefaults() -> TaskDef {
        var def = self
        def.retryCount = def.retryCount ?? 3
        def.retryLogic = def.retryLogic ?? .fixed
        def.retryDelaySeconds = def.retryDelaySeconds ?? 60
        def.backoffScaleFactor = def.backoffScaleFactor ?? 1
        def.timeoutSeconds = def.timeoutSeconds ?? 0
        def.timeoutPolicy = def.timeoutPolicy ?? .timeOutWorkflow
        def.responseTimeoutSeconds = def.responseTimeoutSeconds ?? 3600
        def.pollTimeoutSeconds = def.pollTimeoutSeconds ?? 0
        def.inputTemplate = def.inputTemplate ?? [:]
        def.concurrentExecLimit = def.concurrentExecLimit ?? 0
        def.rateLimitPerFrequency = def.rateLimitPerFrequency ?? 0
        def.rateLimitFrequencyInSeconds = def.rateLimitFrequencyInSeconds ?? 1
        return def
    }
}
