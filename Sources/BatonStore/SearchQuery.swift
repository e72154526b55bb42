public import BatonModel

/// Which executions or task attempts a search wants, and which page of them.
public struct SearchQuery<Field: SearchField>: Sendable, Hashable {
    /// The condition results meet; `nil` for all.
    public var filter: SearchExpression<Field>?
    /// A case-insensitive substring of the input or output JSON (``SearchField/freeTextMembers``);
    /// `nil`, empty or `*` for any.
    public var freeText: String?
    /// The order of results; empty for ``SearchField/defaultSort``.
    public var sort: [SortKey<Field>]
    public var offset: Int
    public var limit: Int

    public init(
        _ filter: SearchExpression<Field>? = nil, freeText: String? = nil, sort: [SortKey<Field>] = [], offset: Int = 0,
        limit: Int = 100
    ) {
        self.filter = filter
        self.freeText = freeText
        self.sort = sort
        self.offset = offset
        self.limit = limit
    }
}

/// A search of executions.
public typealias ExecutionQuery = SearchQuery<WorkflowField>
/// A search of task attempts.
public typealias TaskQuery = SearchQuery<TaskField>

extension SearchQuery where Field == WorkflowField {
    /// The executions that match every given list and bound, as the engine's own look-ups ask.
    /// Start time bounds are epoch milliseconds, exclusive as in Conductor's `startTime > x`.
    public init(
        workflowIds: [String]? = nil, workflowNames: [String]? = nil, version: Int? = nil,
        statuses: [WorkflowStatus]? = nil, correlationIds: [String]? = nil, startedAfter: Int? = nil,
        startedBefore: Int? = nil, freeText: String? = nil, sort: [SortKey<WorkflowField>] = [], offset: Int = 0,
        limit: Int = 100
    ) {
        var conditions: [SearchExpression<WorkflowField>] = []
        func oneOf(_ field: WorkflowField, _ values: [String]?) {
            if let values { conditions.append(.oneOf(field, values.map(SQLValue.text))) }
        }
        oneOf(.workflowId, workflowIds)
        oneOf(.workflowType, workflowNames)
        oneOf(.status, statuses?.map(\.rawValue))
        oneOf(.correlationId, correlationIds)
        if let version { conditions.append(.compare(.version, .equal, .int(version))) }
        if let startedAfter { conditions.append(.compare(.startTime, .greater, .int(startedAfter))) }
        if let startedBefore { conditions.append(.compare(.startTime, .less, .int(startedBefore))) }
        self.init(
            conditions.isEmpty ? nil : .all(conditions), freeText: freeText, sort: sort, offset: offset, limit: limit)
    }
}
