/// A Conductor event handler (`EventHandler`): when an event named ``EventHandlerFields/event``
/// arrives and its ``EventHandlerFields/condition`` holds, it runs its actions.
public typealias EventHandler = Extensible<EventHandlerFields>

/// The fields of ``EventHandler`` that Baton reads; every other field round-trips untouched.
public struct EventHandlerFields: ExtensibleFields {
    @EmptyIfMissing public var name: String
    /// The event it answers, compared exactly: `conductor:<workflow>:<taskReference>` or `conductor:<name>`.
    @EmptyIfMissing public var event: String
    /// A JavaScript expression over the payload (`$`); a handler without one always runs.
    public var condition: String?
    /// `javascript` (or Conductor's `graaljs`); unset means JavaScript too.
    public var evaluatorType: String?
    /// Required, at least one; optional here so that validation, not decoding, names what is missing.
    public var actions: [EventAction]?
    /// An inactive handler is kept but runs nothing; Conductor's default is inactive.
    public var active: Bool?

    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, event, condition, evaluatorType, actions, active
    }

    public init(name: String, event: String, condition: String? = nil, actions: [EventAction], active: Bool) {
        self.name = name
        self.event = event
        self.condition = condition
        self.actions = actions
        self.active = active
    }
}

extension EventHandler {
    public init(name: String, event: String, condition: String? = nil, actions: [EventAction], active: Bool = true) {
        self.init(EventHandlerFields(name: name, event: event, condition: condition, actions: actions, active: active))
    }

    public var isActive: Bool { fields.active ?? false }
}

/// One action of an ``EventHandler``; the member named by ``EventActionFields/action`` holds its
/// parameters, whose strings may hold `${...}` expressions over the event's payload.
public typealias EventAction = Extensible<EventActionFields>

/// The fields of ``EventAction`` that Baton reads.
public struct EventActionFields: ExtensibleFields {
    /// `start_workflow`, `complete_task`, `fail_task`, `update_workflow_variables` or `terminate_workflow`;
    /// kept as text so that an unknown kind is refused with its name.
    public var action: String?
    public var start_workflow: StartWorkflowAction?
    public var complete_task: TaskAction?
    public var fail_task: TaskAction?
    public var update_workflow_variables: UpdateVariablesAction?
    public var terminate_workflow: TerminateAction?
    /// Whether strings of the payload that hold JSON are read as that JSON first.
    public var expandInlineJSON: Bool?

    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case action, start_workflow, complete_task, fail_task, update_workflow_variables, terminate_workflow
        case expandInlineJSON
    }

    public init(action: String) {
        self.action = action
    }
}

/// `start_workflow`: starts a workflow with the event's data.
public struct StartWorkflowAction: Codable, Sendable, Hashable {
    public var name: String?
    public var version: Int?
    public var correlationId: String?
    public var input: [String: JSONValue]?
    public var taskToDomain: [String: String]?

    public init(name: String?, version: Int? = nil, correlationId: String? = nil, input: [String: JSONValue]? = nil) {
        self.name = name
        self.version = version
        self.correlationId = correlationId
        self.input = input
    }
}

/// `complete_task` and `fail_task`: the task is `taskId`, or `taskRefName` in `workflowId`.
public struct TaskAction: Codable, Sendable, Hashable {
    public var workflowId: String?
    public var taskRefName: String?
    public var taskId: String?
    public var output: [String: JSONValue]?
    public var reasonForIncompletion: String?

    public init(workflowId: String? = nil, taskRefName: String? = nil, taskId: String? = nil, output: [String: JSONValue]? = nil) {
        self.workflowId = workflowId
        self.taskRefName = taskRefName
        self.taskId = taskId
        self.output = output
    }
}

/// `update_workflow_variables`: sets variables of workflow `workflowId`; with `appendArray`, an
/// array value is appended to the array the variable holds.
public struct UpdateVariablesAction: Codable, Sendable, Hashable {
    public var workflowId: String?
    public var variables: [String: JSONValue]?
    public var appendArray: Bool?

    public init(workflowId: String?, variables: [String: JSONValue]?, appendArray: Bool? = nil) {
        self.workflowId = workflowId
        self.variables = variables
        self.appendArray = appendArray
    }
}

/// `terminate_workflow`: terminates workflow `workflowId`.
public struct TerminateAction: Codable, Sendable, Hashable {
    public var workflowId: String?
    public var terminationReason: String?

    public init(workflowId: String?, terminationReason: String? = nil) {
        self.workflowId = workflowId
        self.terminationReason = terminationReason
    }
}
