public import BatonModel

/// Which executions a search wants, and which page of them.
public struct ExecutionQuery: Sendable, Hashable {
    public var workflowIds: [String]?
    public var workflowNames: [String]?
    public var version: Int?
    public var statuses: [WorkflowStatus]?
    public var correlationIds: [String]?
    /// Start time bounds, epoch milliseconds, exclusive as in Conductor's `startTime > x`.
    public var startedAfter: Int?
    public var startedBefore: Int?
    /// A case-insensitive substring of the execution's input or output JSON; `nil` or `*` for any.
    public var freeText: String?
    public var sort: [SortKey]
    public var offset: Int
    public var limit: Int

    public init(
        workflowIds: [String]? = nil, workflowNames: [String]? = nil, version: Int? = nil,
        statuses: [WorkflowStatus]? = nil, correlationIds: [String]? = nil, startedAfter: Int? = nil,
        startedBefore: Int? = nil, freeText: String? = nil, sort: [SortKey] = [], offset: Int = 0, limit: Int = 100
    ) {
        self.workflowIds = workflowIds
        self.workflowNames = workflowNames
        self.version = version
        self.statuses = statuses
        self.correlationIds = correlationIds
        self.startedAfter = startedAfter
        self.startedBefore = startedBefore
        self.freeText = freeText
        self.sort = sort
        self.offset = offset
        self.limit = limit
    }

    /// A field to order results by.
    public struct SortKey: Sendable, Hashable {
        public enum Field: String, Sendable, CaseIterable {
            case startTime, endTime, updateTime, workflowType, status, correlationId, workflowId
        }

        public var field: Field
        public var ascending: Bool

        public init(field: Field, ascending: Bool) {
            self.field = field
            self.ascending = ascending
        }
    }
}

/// One page of search results and how many executions matched in all.
public struct SearchPage: Sendable {
    public var totalHits: Int
    /// The matching executions, without their tasks.
    public var results: [Workflow]

    public init(totalHits: Int, results: [Workflow]) {
        self.totalHits = totalHits
        self.results = results
    }
}
