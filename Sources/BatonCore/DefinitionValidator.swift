public import BatonModel

/// Checks definitions when they are registered or sent inline, so that an execution never
/// meets a definition it cannot run. Each message names the definition, the task and the field.
public enum DefinitionValidator {
    /// Task types this server runs.
    public static let supportedTypes: Set<TaskType> = [.simple]

    public static func validate(_ definition: TaskDef) throws(DefinitionError) {
        let name = definition.name
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw DefinitionError("taskDef name must not be empty") }
        func nonNegative(_ value: Int?, _ field: String) throws(DefinitionError) {
            if let value, value < 0 { throw DefinitionError("taskDef '\(name)': \(field) must not be negative (got \(value))") }
        }
        try nonNegative(definition.retryCount, "retryCount")
        try nonNegative(definition.retryDelaySeconds, "retryDelaySeconds")
        try nonNegative(definition.timeoutSeconds, "timeoutSeconds")
        try nonNegative(definition.pollTimeoutSeconds, "pollTimeoutSeconds")
        try nonNegative(definition.maxRetryDelaySeconds, "maxRetryDelaySeconds")
        try nonNegative(definition.backoffJitterMs, "backoffJitterMs")
        try nonNegative(definition.concurrentExecLimit, "concurrentExecLimit")
        try nonNegative(definition.rateLimitPerFrequency, "rateLimitPerFrequency")
        try nonNegative(definition.rateLimitFrequencyInSeconds, "rateLimitFrequencyInSeconds")
        if let factor = definition.backoffScaleFactor, factor < 1 {
            throw DefinitionError("taskDef '\(name)': backoffScaleFactor must be at least 1 (got \(factor))")
        }
        if let response = definition.responseTimeoutSeconds {
            if response < 1 {
                throw DefinitionError("taskDef '\(name)': responseTimeoutSeconds must be at least 1 (got \(response))")
            }
            if let timeout = definition.timeoutSeconds, timeout > 0, response > timeout {
                throw DefinitionError(
                    "taskDef '\(name)': responseTimeoutSeconds (\(response)) must not exceed timeoutSeconds (\(timeout))")
            }
        }
    }

    public static func validate(_ definition: WorkflowDef) throws(DefinitionError) {
        let name = definition.name
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw DefinitionError("workflowDef name must not be empty") }
        if let version = definition.version, version < 1 {
            throw DefinitionError("workflowDef '\(name)': version must be at least 1 (got \(version))")
        }
        if let timeout = definition.timeoutSeconds, timeout < 0 {
            throw DefinitionError("workflowDef '\(name)': timeoutSeconds must not be negative (got \(timeout))")
        }
        if definition.tasks.isEmpty { throw DefinitionError("workflowDef '\(name)': tasks must not be empty") }
        var references: Set<String> = []
        for (position, step) in definition.tasks.enumerated() {
            let place = "workflowDef '\(name)' tasks[\(position)]"
            if step.name.trimmingCharacters(in: .whitespaces).isEmpty { throw DefinitionError("\(place): name must not be empty") }
            let reference = step.taskReferenceName
            if reference.trimmingCharacters(in: .whitespaces).isEmpty {
                throw DefinitionError("\(place) ('\(step.name)'): taskReferenceName must not be empty")
            }
            guard references.insert(reference).inserted else {
                throw DefinitionError("\(place): taskReferenceName '\(reference)' is used by more than one task")
            }
            guard let type = step.taskType else {
                throw DefinitionError("\(place) ('\(reference)'): unknown task type '\(step.type ?? "")'")
            }
            guard supportedTypes.contains(type) else {
                throw DefinitionError("\(place) ('\(reference)'): task type \(type.rawValue) is not supported by this server yet")
            }
            if let inline = step.inlineTaskDefinition { try validate(inline) }
            if let retries = step.retryCount, retries < 0 {
                throw DefinitionError("\(place) ('\(reference)'): retryCount must not be negative")
            }
            if let delay = step.startDelay, delay < 0 {
                throw DefinitionError("\(place) ('\(reference)'): startDelay must not be negative")
            }
            try checkExpressions(in: .object(step.inputParameters ?? [:]), at: "\(place) ('\(reference)') inputParameters")
        }
        try checkExpressions(in: .object(definition.outputParameters ?? [:]), at: "workflowDef '\(name)' outputParameters")
    }

    /// Compiles every `${...}` inside `value`, so a bad expression fails at registration.
    static func checkExpressions(in value: JSONValue, at place: String) throws(DefinitionError) {
        switch value {
        case .string(let text) where text.contains("${"):
            do { _ = try Template(text) } catch { throw DefinitionError("\(place): \(error)") }
        case .array(let elements):
            for (index, element) in elements.enumerated() { try checkExpressions(in: element, at: "\(place)[\(index)]") }
        case .object(let members):
            for (key, member) in members { try checkExpressions(in: member, at: "\(place).\(key)") }
        default:
            break
        }
    }
}

/// A definition Baton refuses; the message names the field.
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
