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
    /// SWITCH: `value-param` (``expression`` names an input parameter) or `javascript`.
    public var evaluatorType: String?
    /// SWITCH: the input parameter or the script that picks the case.
    public var expression: String?
    /// SWITCH and DECISION: the steps of each case, by case value.
    public var decisionCases: [String: [WorkflowTask]]?
    /// SWITCH and DECISION: the steps run when no case matches.
    public var defaultCase: [WorkflowTask]?
    /// DECISION (legacy): the input parameter whose value picks the case.
    public var caseValueParam: String?
    /// DECISION (legacy): the JavaScript whose value picks the case.
    public var caseExpression: String?
    /// FORK_JOIN: the branches, run side by side.
    public var forkTasks: [[WorkflowTask]]?
    /// JOIN: the reference names it waits for; EXCLUSIVE_JOIN: those of which one ran.
    public var joinOn: [String]?
    /// EXCLUSIVE_JOIN: the reference names it takes the output of when none of ``joinOn`` ran.
    public var defaultExclusiveJoinTask: [String]?
    /// DO_WHILE: the JavaScript evaluated after each iteration; the loop goes on while it is true.
    public var loopCondition: String?
    /// DO_WHILE: the steps of one iteration.
    public var loopOver: [WorkflowTask]?
    /// DYNAMIC: the input parameter holding the name of the task to run.
    public var dynamicTaskNameParam: String?
    /// FORK_JOIN_DYNAMIC: the input parameter holding the list of tasks to fork.
    public var dynamicForkTasksParam: String?
    /// FORK_JOIN_DYNAMIC: the input parameter holding each forked task's input, by reference name.
    public var dynamicForkTasksInputParamName: String?
    /// SUB_WORKFLOW: the workflow the step runs as a child.
    public var subWorkflowParam: SubWorkflowParams?
    /// EVENT: where the event goes (`conductor` or `conductor:<name>`).
    public var sink: String?
    /// Baton: the step that undoes this one when the workflow compensates (see ``CompensationPolicy``).
    public var compensation: NestedStep?

    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, taskReferenceName, type, description, inputParameters, optional, startDelay
        case asyncComplete, retryCount, taskDefinition
        case evaluatorType, expression, decisionCases, defaultCase, caseValueParam, caseExpression
        case forkTasks, joinOn, defaultExclusiveJoinTask, loopCondition, loopOver, dynamicTaskNameParam, dynamicForkTasksParam
        case dynamicForkTasksInputParamName, subWorkflowParam, compensation, sink
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

    /// The step that undoes this one, if the definition names one.
    public var compensationStep: WorkflowTask? { fields.compensation?.step }

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
    case exclusiveJoin = "EXCLUSIVE_JOIN"
    case doWhile = "DO_WHILE"
    case dynamic = "DYNAMIC"
    case subWorkflow = "SUB_WORKFLOW"
    case startWorkflow = "START_WORKFLOW"
    case wait = "WAIT"
    case human = "HUMAN"
    case terminate = "TERMINATE"
    case setVariable = "SET_VARIABLE"
    case inline = "INLINE"
    /// Conductor's deprecated forerunner of INLINE: input `scriptExpression` is a function body.
    case lambda = "LAMBDA"
    case jsonJQTransform = "JSON_JQ_TRANSFORM"
    case event = "EVENT"
    case noop = "NOOP"
}
