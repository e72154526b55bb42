public import BatonModel

/// A string value of a definition with `${...}` expressions in it, compiled.
///
/// A string that is exactly one expression resolves to the value it names, JSON type kept;
/// expressions embedded in other text resolve to their text. `$${` stands for a literal `${`.
public struct Template: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case text(String)
        case expression(JSONPath)
    }

    let parts: [Part]

    /// Compiles `text`; throws when an expression is unterminated or its path is malformed.
    public init(_ text: String) throws(ExpressionError) {
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("$${") {
                literal += "${"
                index = text.index(index, offsetBy: 3)
            } else if rest.hasPrefix("${") {
                let start = text.index(index, offsetBy: 2)
                guard let end = text[start...].firstIndex(of: "}") else {
                    throw ExpressionError(expression: text, message: "'${' without a closing '}'")
                }
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
                let body = text[start..<end].trimmingSpaces
                do {
                    parts.append(.expression(try JSONPath(body)))
                } catch {
                    throw ExpressionError(expression: text, message: error.message)
                }
                index = text.index(after: end)
            } else {
                literal.append(text[index])
                index = text.index(after: index)
            }
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    /// Whether the string holds any expression at all.
    public var hasExpressions: Bool {
        parts.contains { if case .expression = $0 { return true } else { return false } }
    }

    /// The paths this template reads.
    public var paths: [JSONPath] {
        parts.compactMap { if case .expression(let path) = $0 { return path } else { return nil } }
    }

    /// Resolves the template against `context`.
    public func resolve(in context: ParameterContext) -> JSONValue {
        if parts.count == 1, case .expression(let path) = parts[0] {
            return context.read(path)
        }
        var text = ""
        for part in parts {
            switch part {
            case .text(let literal): text += literal
            case .expression(let path): text += context.read(path).interpolationText
            }
        }
        return .string(text)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

/// What `${...}` expressions can read: in a definition, the workflow, each task by reference
/// name, and `CPEWF_TASK_ID`, the id of the task whose input is being computed; in an event
/// handler's action, the members of the event's payload.
public struct ParameterContext: Sendable {
    enum Source: Sendable {
        case workflow(Workflow, taskId: String?)
        case document(JSONValue)
    }

    let source: Source

    public init(workflow: Workflow, taskId: String? = nil) {
        source = .workflow(workflow, taskId: taskId)
    }

    /// Expressions read `document` from its root: `${orderId}` is its member `orderId`.
    public init(document: JSONValue) {
        source = .document(document)
    }

    /// Reads `path`, whose first member names the root: `workflow`, a task reference, or
    /// `CPEWF_TASK_ID`; or a member of the document.
    public func read(_ path: JSONPath) -> JSONValue {
        let workflow: Workflow, taskId: String?
        switch source {
        case .document(let document): return path.read(from: document)
        case .workflow(let running, let task): (workflow, taskId) = (running, task)
        }
        guard let rootName = path.rootName else { return .null }
        if rootName == "CPEWF_TASK_ID" { return taskId.map(JSONValue.string) ?? .null }
        guard let root = Self.root(named: rootName, in: workflow) else { return .null }
        return path.read(from: .object([rootName: root]))
    }

    static func root(named name: String, in workflow: Workflow) -> JSONValue? {
        if name == "workflow" { return document(of: workflow) }
        // Inside a DO_WHILE body, `${step.output...}` names the latest iteration's `step__N`.
        guard let task = workflow.tasks.last(where: { $0.referenceTaskName == name })
            ?? workflow.tasks.last(where: { $0.iteration > 0 && Blueprint.definitionReference(of: $0) == name })
        else { return nil }
        return Self.document(of: task)
    }

    /// Resolves every template inside `value`, recursively through objects and arrays.
    public func resolve(_ value: JSONValue) throws(ExpressionError) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.contains("${") else { return value }
            return try Template(text).resolve(in: self)
        case .array(let elements):
            var resolved: [JSONValue] = []
            resolved.reserveCapacity(elements.count)
            for element in elements { resolved.append(try resolve(element)) }
            return .array(resolved)
        case .object(let members):
            return .object(try resolve(members))
        default:
            return value
        }
    }

    /// Resolves every template in the values of `members`.
    public func resolve(_ members: [String: JSONValue]) throws(ExpressionError) -> [String: JSONValue] {
        var resolved: [String: JSONValue] = [:]
        resolved.reserveCapacity(members.count)
        for (key, member) in members { resolved[key] = try resolve(member) }
        return resolved
    }

    private static func document(of workflow: Workflow) -> JSONValue {
        var document: [String: JSONValue] = [
            "input": .object(workflow.input),
            "output": .object(workflow.output),
            "status": .string(workflow.status.rawValue),
            "workflowId": .string(workflow.workflowId),
            "workflowType": .string(workflow.workflowName),
            "version": .int(Int64(workflow.workflowVersion)),
            "schemaVersion": .int(Int64(workflow.workflowDefinition.schemaVersion ?? 2)),
            "variables": .object(workflow.variables),
            "taskToDomain": .object(workflow.taskToDomain.mapValues(JSONValue.string)),
            "priority": .int(Int64(workflow.priority)),
            "createTime": .int(Int64(workflow.createTime)),
            "startTime": .int(Int64(workflow.startTime)),
        ]
        document["correlationId"] = workflow.correlationId.map(JSONValue.string) ?? .null
        document["reasonForIncompletion"] = workflow.reasonForIncompletion.map(JSONValue.string) ?? .null
        document["parentWorkflowId"] = workflow.parentWorkflowId.map(JSONValue.string) ?? .null
        document["parentWorkflowTaskId"] = workflow.parentWorkflowTaskId.map(JSONValue.string) ?? .null
        document["createdBy"] = workflow.createdBy.map(JSONValue.string) ?? .null
        if let compensation = workflow.compensation {
            // What a compensation step may read of the failure it answers.
            document["compensation"] = [
                "cause": .string(compensation.cause.rawValue),
                "reason": compensation.reason.map(JSONValue.string) ?? .null,
                "failedReferenceTaskName": compensation.failedReferenceTaskName.map(JSONValue.string) ?? .null,
                "failedTaskId": compensation.failedTaskId.map(JSONValue.string) ?? .null,
            ]
        }
        return .object(document)
    }

    static func document(of task: Task) -> JSONValue {
        var document: [String: JSONValue] = [
            "input": .object(task.inputData),
            "output": .object(task.outputData),
            "status": .string(task.status.rawValue),
            "taskId": .string(task.taskId),
            "referenceTaskName": .string(task.referenceTaskName),
            "taskType": .string(task.taskType),
            "taskDefName": .string(task.taskDefName),
            "retryCount": .int(Int64(task.retryCount)),
            "pollCount": .int(Int64(task.pollCount)),
            "scheduledTime": .int(Int64(task.scheduledTime)),
            "startTime": .int(Int64(task.startTime)),
            "endTime": .int(Int64(task.endTime)),
            "updateTime": .int(Int64(task.updateTime)),
            "callbackAfterSeconds": .int(Int64(task.callbackAfterSeconds)),
            "iteration": .int(Int64(task.iteration)),
            "workflowInstanceId": .string(task.workflowInstanceId),
            "workflowType": .string(task.workflowType),
        ]
        document["correlationId"] = task.correlationId.map(JSONValue.string) ?? .null
        document["reasonForIncompletion"] = task.reasonForIncompletion.map(JSONValue.string) ?? .null
        document["workerId"] = task.workerId.map(JSONValue.string) ?? .null
        document["domain"] = task.domain.map(JSONValue.string) ?? .null
        return .object(document)
    }
}
