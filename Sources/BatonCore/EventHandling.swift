public import BatonModel
import Foundation

/// An event as event handlers see it: its name (`conductor:<workflow>:<reference>` or
/// `conductor:<name>`), its payload, and the id that tells its deliveries apart.
public struct PublishedEvent: Sendable, Hashable {
    public var name: String
    public var payload: JSONValue
    /// Conductor's message id; Baton uses the event's sequence number in the change log.
    public var messageId: String

    public init(name: String, payload: JSONValue, messageId: String) {
        self.name = name
        self.payload = payload
        self.messageId = messageId
    }
}

/// What one action of an event handler asks of the engine, its `${...}` expressions resolved
/// against the event's payload.
public enum EventOrder: Sendable, Hashable {
    case startWorkflow(StartWorkflowRequest)
    /// Completes or fails task `taskId`, or the latest attempt of `taskRefName` in `workflowId`.
    case updateTask(TaskTarget, status: TaskStatus, output: [String: JSONValue], reason: String?)
    case updateVariables(workflowId: String, variables: [String: JSONValue], appendArray: Bool)
    case terminate(workflowId: String, reason: String?)

    /// The task a `complete_task` or `fail_task` names.
    public enum TaskTarget: Sendable, Hashable {
        case task(id: String)
        case reference(workflowId: String, taskRefName: String)
    }
}

/// The pure rules of Conductor's event handlers: validation, which handlers answer an event, the
/// condition, and what each action asks for. The engine reads events and carries the orders out.
public enum EventHandling {
    /// The action kinds Baton runs.
    public static let actions: Set<String> = [
        "start_workflow", "complete_task", "fail_task", "update_workflow_variables", "terminate_workflow",
    ]
    /// The evaluator types a condition may name: both are JavaScript here.
    static let evaluators: Set<String> = ["javascript", "graaljs"]

    /// Checks what registration needs: a name, an event, at least one action of a known kind with
    /// its parameters, and a JavaScript condition. The message names the field.
    public static func validate(_ handler: EventHandler) throws(DefinitionError) {
        if handler.name.trimmingCharacters(in: .whitespaces).isEmpty { throw DefinitionError("name: missing event handler name") }
        let name = handler.name
        if handler.event.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DefinitionError("event handler '\(name)': event must name the event it answers (e.g. conductor:<workflow>:<taskRef>)")
        }
        if let type = handler.evaluatorType, !evaluators.contains(type) {
            throw DefinitionError("event handler '\(name)': evaluatorType '\(type)' is not supported; use javascript")
        }
        guard let actions = handler.actions, !actions.isEmpty else {
            throw DefinitionError("event handler '\(name)': actions must list at least one action")
        }
        for (index, action) in actions.enumerated() {
            let field = "event handler '\(name)': actions[\(index)]"
            guard let kind = action.action else {
                throw DefinitionError("\(field).action is missing; use one of \(actionList)")
            }
            switch kind {
            case "start_workflow":
                guard let name = action.start_workflow?.name, !name.isEmpty else {
                    throw DefinitionError("\(field).start_workflow.name is missing")
                }
            case "complete_task", "fail_task":
                guard let task = kind == "complete_task" ? action.complete_task : action.fail_task else {
                    throw DefinitionError("\(field).\(kind) is missing")
                }
                if isEmpty(task.taskId), isEmpty(task.workflowId) || isEmpty(task.taskRefName) {
                    throw DefinitionError("\(field).\(kind) needs taskId, or workflowId and taskRefName")
                }
            case "update_workflow_variables":
                guard let update = action.update_workflow_variables, !isEmpty(update.workflowId) else {
                    throw DefinitionError("\(field).update_workflow_variables.workflowId is missing")
                }
                if update.variables?.isEmpty ?? true { throw DefinitionError("\(field).update_workflow_variables.variables is missing") }
            case "terminate_workflow":
                guard !isEmpty(action.terminate_workflow?.workflowId) else {
                    throw DefinitionError("\(field).terminate_workflow.workflowId is missing")
                }
            default:
                throw DefinitionError("\(field).action: unknown action '\(kind)'; use one of \(actionList)")
            }
            do {
                for template in action.templates { _ = try Template(template) }
            } catch {
                throw DefinitionError("\(field): \(error.message)")
            }
        }
    }

    private static var actionList: String { actions.sorted().joined(separator: ", ") }

    private static func isEmpty(_ text: String?) -> Bool { text?.isEmpty ?? true }

    /// The active handlers of `handlers` that answer `event`, by exact name, in name order.
    public static func handlers(for event: String, in handlers: [EventHandler]) -> [EventHandler] {
        handlers.filter { $0.isActive && $0.event == event }.sorted { $0.name < $1.name }
    }

    /// Whether `handler`'s condition holds for `payload` (`$` in the script): a boolean, or a
    /// number above zero, as in Conductor. A handler without a condition always runs; a failing
    /// script throws.
    public static func admits(
        _ handler: EventHandler, payload: JSONValue, scripts: any ScriptEvaluator
    ) throws(ScriptError) -> Bool {
        guard let condition = handler.condition, !condition.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return true
        }
        switch try scripts.evaluateJavaScript(condition, input: expandingInlineJSON(payload)) {
        case .bool(let value): return value
        case .int(let value): return value > 0
        case .double(let value): return value > 0
        default: return false
        }
    }

    /// What `action` asks for `event`. Its parameters resolve against the payload (with JSON
    /// held in strings expanded first when the action says `expandInlineJSON`); a started
    /// workflow's input and a completed task's output also carry `conductor.event.name` and
    /// `conductor.event.messageId`, as in Conductor.
    public static func order(for action: EventAction, of event: PublishedEvent) throws(DefinitionError) -> EventOrder {
        let payload = action.expandInlineJSON == true ? expandingInlineJSON(event.payload) : event.payload
        let context = ParameterContext(document: payload)
        let stamp: [String: JSONValue] = [
            "conductor.event.name": .string(event.name), "conductor.event.messageId": .string(event.messageId),
        ]
        func resolve(_ members: [String: JSONValue]?) throws(DefinitionError) -> [String: JSONValue] {
            do { return try context.resolve(members ?? [:]) } catch { throw DefinitionError(error.message) }
        }
        func text(_ template: String?) throws(DefinitionError) -> String? {
            guard let template else { return nil }
            do {
                let value = try context.resolve(.string(template))
                return value.isNull ? nil : value.interpolationText
            } catch {
                throw DefinitionError(error.message)
            }
        }
        func required(_ template: String?, _ field: String) throws(DefinitionError) -> String {
            guard let value = try text(template), !value.isEmpty else {
                throw DefinitionError("\(field) resolved to nothing in the payload of \(event.name)")
            }
            return value
        }
        switch action.action ?? "" {
        case "start_workflow":
            let start = action.start_workflow ?? StartWorkflowAction(name: nil)
            var request = StartWorkflowRequest(
                name: try required(start.name, "start_workflow.name"), version: start.version,
                correlationId: try text(start.correlationId), input: try resolve(start.input).merging(stamp) { $1 })
            request.taskToDomain = start.taskToDomain ?? payload["taskToDomain"]?.objectValue?.compactMapValues(\.stringValue)
            return .startWorkflow(request)
        case "complete_task", "fail_task":
            let failing = action.action == "fail_task"
            let task = (failing ? action.fail_task : action.complete_task) ?? TaskAction()
            let target: EventOrder.TaskTarget
            if let taskId = try text(task.taskId), !taskId.isEmpty {
                target = .task(id: taskId)
            } else {
                target = .reference(
                    workflowId: try required(task.workflowId, "\(action.action ?? "").workflowId"),
                    taskRefName: try required(task.taskRefName, "\(action.action ?? "").taskRefName"))
            }
            let reason = try text(task.reasonForIncompletion)
            return .updateTask(
                target, status: failing ? .failed : .completed, output: try resolve(task.output).merging(stamp) { $1 },
                reason: failing ? reason : nil)
        case "update_workflow_variables":
            let update = action.update_workflow_variables ?? UpdateVariablesAction(workflowId: nil, variables: nil)
            return .updateVariables(
                workflowId: try required(update.workflowId, "update_workflow_variables.workflowId"),
                variables: try resolve(update.variables), appendArray: update.appendArray ?? false)
        case "terminate_workflow":
            let terminate = action.terminate_workflow ?? TerminateAction(workflowId: nil)
            return .terminate(
                workflowId: try required(terminate.workflowId, "terminate_workflow.workflowId"),
                reason: try text(terminate.terminationReason) ?? "terminated by event \(event.name)")
        default:
            throw DefinitionError("unknown action '\(action.action ?? "")'")
        }
    }

    /// `value` with every string that holds a JSON object or array replaced by that JSON,
    /// recursively (Conductor's `expandInlineJSON`).
    static func expandingInlineJSON(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.hasPrefix("{") || trimmed.hasPrefix("["),
                let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed.utf8))
            else { return value }
            return expandingInlineJSON(parsed)
        case .array(let elements): return .array(elements.map(expandingInlineJSON))
        case .object(let members): return .object(members.mapValues(expandingInlineJSON))
        default: return value
        }
    }
}

extension EventAction {
    /// Every string of the action's parameters that may hold `${...}` expressions.
    var templates: [String] {
        var found: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .string(let text): found.append(text)
            case .array(let elements): elements.forEach(collect)
            case .object(let members): members.values.forEach(collect)
            default: break
            }
        }
        let start = fields.start_workflow
        let task = fields.complete_task ?? fields.fail_task
        let update = fields.update_workflow_variables
        let terminate = fields.terminate_workflow
        let strings: [String?] = [
            start?.name, start?.correlationId, task?.workflowId, task?.taskRefName, task?.taskId, task?.reasonForIncompletion,
            update?.workflowId, terminate?.workflowId, terminate?.terminationReason,
        ]
        found += strings.compactMap { $0 }
        for case let members? in [start?.input, task?.output, update?.variables] { collect(.object(members)) }
        return found
    }
}
