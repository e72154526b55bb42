public import BatonModel

/// Checks definitions when they are registered or sent inline, so that an execution never
/// meets a definition it cannot run. Each message names the definition, the task and the field.
public enum DefinitionValidator {
    /// Task types this server runs.
    public static let supportedTypes: Set<TaskType> = [
        .simple, .switch, .decision, .forkJoin, .forkJoinDynamic, .join, .exclusiveJoin, .doWhile, .dynamic, .setVariable,
        .noop, .terminate, .wait, .human, .inline, .lambda, .jsonJQTransform, .subWorkflow, .startWorkflow, .http, .event,
    ]

    public static func validate(_ definition: TaskDef) throws(DefinitionError) {
        try checkValues(of: definition)
        if let response = definition.responseTimeoutSeconds, let timeout = definition.timeoutSeconds, timeout > 0, response > timeout {
            throw DefinitionError(
                "taskDef '\(definition.name)': responseTimeoutSeconds (\(response)) must not exceed timeoutSeconds (\(timeout))")
        }
    }

    /// The values of a task definition that Baton could not run with. A definition inline in a
    /// workflow step is checked for these only: Conductor does not validate one there, and
    /// Conductor's own test definitions carry the default `responseTimeoutSeconds` (3600) with a
    /// shorter `timeoutSeconds`, which simply lets the task time out first.
    static func checkValues(of definition: TaskDef) throws(DefinitionError) {
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
        if let response = definition.responseTimeoutSeconds, response < 1 {
            throw DefinitionError("taskDef '\(name)': responseTimeoutSeconds must be at least 1 (got \(response))")
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
        try validate(definition.tasks, at: "workflowDef '\(name)' tasks", references: &references)
        try checkExpressions(in: .object(definition.outputParameters ?? [:]), at: "workflowDef '\(name)' outputParameters")
    }

    /// Checks a list of steps and, recursively, the steps they own; reference names are unique
    /// across every level.
    static func validate(
        _ steps: [WorkflowTask], at path: String, references: inout Set<String>
    ) throws(DefinitionError) {
        for (position, step) in steps.enumerated() {
            let place = "\(path)[\(position)]"
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
            if let inline = step.inlineTaskDefinition { try checkValues(of: inline) }
            if let retries = step.retryCount, retries < 0 {
                throw DefinitionError("\(place) ('\(reference)'): retryCount must not be negative")
            }
            if let delay = step.startDelay, delay < 0 {
                throw DefinitionError("\(place) ('\(reference)'): startDelay must not be negative")
            }
            try checkExpressions(in: .object(step.inputParameters ?? [:]), at: "\(place) ('\(reference)') inputParameters")
            try checkFields(of: step, type: type, at: "\(place) ('\(reference)')")
            for (container, children) in Blueprint.children(of: step) {
                let childPath: String
                switch container {
                case .branch(_, let index): childPath = "\(place).forkTasks[\(index)]"
                case .switchCase(_, let key?): childPath = "\(place).decisionCases['\(key)']"
                case .switchCase(_, nil): childPath = "\(place).defaultCase"
                default: childPath = "\(place).loopOver"
                }
                try validate(children, at: childPath, references: &references)
            }
            if let compensation = step.compensationStep {
                let compensationPlace = "\(place).compensation"
                // A compensation runs alone, after the flow has stopped: no control flow of its own.
                let flowTypes: Set<TaskType> = [.forkJoin, .forkJoinDynamic, .join, .exclusiveJoin, .switch, .decision, .doWhile, .terminate]
                if let compensationType = compensation.taskType, flowTypes.contains(compensationType) {
                    throw DefinitionError("\(compensationPlace) ('\(compensation.taskReferenceName)'): a compensation cannot be a \(compensationType.rawValue)")
                }
                try validate([compensation], at: compensationPlace, references: &references)
            }
        }
    }

    /// The fields each type cannot do without.
    static func checkFields(of step: WorkflowTask, type: TaskType, at place: String) throws(DefinitionError) {
        func need(_ present: Bool, _ field: String) throws(DefinitionError) {
            if !present { throw DefinitionError("\(place): \(type.rawValue) needs \(field)") }
        }
        let input = step.inputParameters ?? [:]
        switch type {
        case .switch:
            try need(step.decisionCases != nil, "decisionCases")
            try need(!(step.expression ?? "").isEmpty, "expression")
            let evaluator = step.evaluatorType ?? "value-param"
            if !["value-param", "javascript", "graaljs"].contains(evaluator) {
                throw DefinitionError("\(place): SWITCH evaluatorType must be value-param or javascript (got '\(evaluator)')")
            }
        case .decision:
            try need(step.decisionCases != nil, "decisionCases")
            try need(step.caseValueParam != nil || step.caseExpression != nil, "caseValueParam or caseExpression")
        case .forkJoin:
            try need(!(step.forkTasks ?? []).isEmpty, "forkTasks")
            if (step.forkTasks ?? []).contains(where: \.isEmpty) {
                throw DefinitionError("\(place): FORK_JOIN forkTasks must not hold an empty branch")
            }
        case .doWhile:
            try need(!(step.loopOver ?? []).isEmpty, "loopOver")
            // Conductor takes an empty condition (false: the body runs once), not a missing one.
            try need(step.loopCondition != nil, "loopCondition")
        case .dynamic:
            try need(!(step.dynamicTaskNameParam ?? "").isEmpty, "dynamicTaskNameParam")
        case .forkJoinDynamic:
            try need(step.dynamicForkTasksParam != nil || input["forkTaskName"] != nil || input["forkTaskType"] != nil,
                "dynamicForkTasksParam or input forkTaskName")
            if step.dynamicForkTasksParam == nil { try need(input["forkTaskInputs"] != nil, "input forkTaskInputs") }
        case .event:
            let sink = step.sink ?? ""
            try need(!sink.isEmpty, "sink")
            if sink != "conductor", !sink.hasPrefix("conductor:") {
                throw DefinitionError("\(place): EVENT sink '\(sink)' is not one Baton publishes to; use conductor or conductor:<name> (the change feed)")
            }
        case .terminate:
            try need(input["terminationStatus"] != nil, "input terminationStatus")
            if let status = input["terminationStatus"]?.stringValue, !status.contains("${"),
                !["COMPLETED", "FAILED", "TERMINATED"].contains(status)
            {
                throw DefinitionError("\(place): TERMINATE terminationStatus must be COMPLETED, FAILED or TERMINATED (got '\(status)')")
            }
        case .inline:
            try need(input["expression"] != nil, "input expression")
        case .lambda:
            try need(input["scriptExpression"] != nil, "input scriptExpression")
        case .jsonJQTransform:
            try need(input["queryExpression"] != nil, "input queryExpression")
        case .subWorkflow:
            try checkSubWorkflow(step, at: place)
        case .startWorkflow:
            try need(input["startWorkflow"] != nil, "input startWorkflow")
            if input["startWorkflow"]?.objectValue != nil, !holdsExpression(input["startWorkflow"]) {
                do { _ = try DecisionRun.startRequest(in: input) } catch { throw DefinitionError("\(place): START_WORKFLOW \(error.message)") }
            }
        case .http:
            try need(input["http_request"] != nil || input["uri"] != nil, "input http_request")
            if !holdsExpression(.object(input)) {
                do { _ = try HTTPCall(input: input) } catch { throw DefinitionError("\(place): HTTP \(error.message)") }
            }
        case .wait:
            if input["duration"] != nil, input["until"] != nil {
                throw DefinitionError("\(place): WAIT takes input duration or until, not both")
            }
            if let duration = input["duration"]?.stringValue, !duration.contains("${"), WaitTime.seconds(in: duration) == nil {
                throw DefinitionError("\(place): WAIT duration '\(duration)' is not like \"2d 3h 10m 30s\"")
            }
            if let until = input["until"]?.stringValue, !until.contains("${"), WaitTime.epochMilliseconds(of: until) == nil {
                throw DefinitionError("\(place): WAIT until '\(until)' is not a date like \"2030-01-31 14:30 UTC\"")
            }
        default:
            break
        }
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
