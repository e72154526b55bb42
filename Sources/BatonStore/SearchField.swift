import BatonModel

/// A field that searches name, as a column of the table they search.
public protocol SearchField: Sendable, Hashable, CaseIterable {
    /// The name a query uses (`workflowType`).
    var name: String { get }
    /// Other names a query may use for it (`referenceTaskName` for `taskRefName`).
    var aliases: [String] { get }
    /// The column that holds it.
    var column: String { get }
    /// What its values are.
    var kind: SearchFieldKind { get }

    /// The table searched, with its key column (the last sort key, so that paging is stable)
    /// and its JSON document column (what a search returns).
    static var table: String { get }
    static var key: String { get }
    static var document: String { get }
    /// The members of the document that `freeText` matches.
    static var freeTextMembers: [String] { get }
    /// The order of results when a search names none.
    static var defaultSort: SortKey<Self> { get }
}

extension SearchField {
    public var aliases: [String] { [] }

    /// The field a query names `name`, if any (case-sensitive, as Conductor's index fields are).
    public static func named(_ name: String) -> Self? {
        allCases.first { $0.name == name || $0.aliases.contains(name) }
    }
}

/// What values a field holds, and so which comparisons and values a query may use with it.
public enum SearchFieldKind: Sendable, Hashable {
    case text
    /// Text that may be missing: `!=` matches where it is missing too, and it sorts first ascending.
    case optionalText
    /// Integers (epoch milliseconds for times): the one kind `<`, `<=`, `>` and `>=` compare.
    case number
    /// One of these names, matched without regard to case.
    case status([String])
}

/// A field to order results by, and which way.
public struct SortKey<Field: SearchField>: Sendable, Hashable {
    public var field: Field
    public var ascending: Bool

    public init(field: Field, ascending: Bool) {
        self.field = field
        self.ascending = ascending
    }
}

/// The fields of a workflow search, over the `executions` table.
public enum WorkflowField: String, SearchField {
    case workflowType, workflowId, correlationId, status, version, startTime, endTime, updateTime
    case parentWorkflowId, idempotencyKey

    public var name: String { rawValue }

    public var column: String {
        switch self {
        case .workflowType: "name"
        case .workflowId: "id"
        case .correlationId: "correlation_id"
        case .status: "status"
        case .version: "version"
        case .startTime: "start_time"
        case .endTime: "end_time"
        case .updateTime: "update_time"
        case .parentWorkflowId: "parent_workflow_id"
        case .idempotencyKey: "idempotency_key"
        }
    }

    public var kind: SearchFieldKind {
        switch self {
        case .workflowType, .workflowId: .text
        case .correlationId, .parentWorkflowId, .idempotencyKey: .optionalText
        case .status: .status(WorkflowStatus.allCases.map(\.rawValue))
        case .version, .startTime, .endTime, .updateTime: .number
        }
    }

    public static let table = "executions"
    public static let key = "id"
    public static let document = "state"
    public static let freeTextMembers = ["input", "output"]
    public static let defaultSort = SortKey(field: WorkflowField.startTime, ascending: false)
}

/// The fields of a task search, over the `task_index` table: one row per task attempt.
public enum TaskField: String, SearchField {
    case taskId, taskType, taskDefName, taskRefName, status, workflowId, workflowType, correlationId, domain
    case scheduledTime, startTime, endTime, updateTime

    public var name: String { rawValue }

    public var aliases: [String] {
        switch self {
        case .taskRefName: ["referenceTaskName"]
        case .workflowId: ["workflowInstanceId"]
        default: []
        }
    }

    public var column: String {
        switch self {
        case .taskId: "task_id"
        case .taskType: "task_type"
        case .taskDefName: "task_def_name"
        case .taskRefName: "reference_name"
        case .status: "status"
        case .workflowId: "workflow_id"
        case .workflowType: "workflow_type"
        case .correlationId: "correlation_id"
        case .domain: "domain"
        case .scheduledTime: "scheduled_time"
        case .startTime: "start_time"
        case .endTime: "end_time"
        case .updateTime: "update_time"
        }
    }

    public var kind: SearchFieldKind {
        switch self {
        case .taskId, .taskType, .taskDefName, .taskRefName, .workflowId, .workflowType, .domain: .text
        case .correlationId: .optionalText
        case .status: .status(TaskStatus.allCases.map(\.rawValue))
        case .scheduledTime, .startTime, .endTime, .updateTime: .number
        }
    }

    public static let table = "task_index"
    public static let key = "task_id"
    public static let document = "task"
    public static let freeTextMembers = ["inputData", "outputData"]
    public static let defaultSort = SortKey(field: TaskField.scheduledTime, ascending: false)
}
