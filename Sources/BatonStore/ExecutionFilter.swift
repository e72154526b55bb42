/// An ``ExecutionQuery`` as SQL over the `executions` table, shared by the SQL stores.
///
/// Values travel as arguments, never in the text; `placeholder` writes the n-th (1-based)
/// argument marker of the database's dialect, `like` names its case-insensitive LIKE, and
/// `stateText` reads the `state` column as text (PostgreSQL's JSONB needs `state::text`).
/// Missing correlation ids sort first ascending and last descending in every dialect.
public struct ExecutionFilter: Sendable {
    /// A bound argument.
    public enum Value: Sendable, Hashable {
        case int(Int)
        case text(String)
    }

    /// ` WHERE ...`, or empty when the query filters nothing.
    public private(set) var whereClause = ""
    /// ` ORDER BY ...`.
    public private(set) var orderClause = ""
    public private(set) var arguments: [Value] = []

    public init(
        _ query: ExecutionQuery, placeholder: (Int) -> String = { _ in "?" }, like: String = "LIKE",
        stateText: String = "state"
    ) {
        var conditions: [String] = []
        func bind(_ value: Value) -> String {
            arguments.append(value)
            return placeholder(arguments.count)
        }
        func any(_ column: String, _ values: [String]?) {
            guard let values else { return }
            if values.isEmpty { return conditions.append("1 = 0") }
            conditions.append("\(column) IN (\(values.map { bind(.text($0)) }.joined(separator: ", ")))")
        }
        any("id", query.workflowIds)
        any("name", query.workflowNames)
        any("status", query.statuses?.map(\.rawValue))
        any("correlation_id", query.correlationIds)
        if let version = query.version { conditions.append("version = \(bind(.int(version)))") }
        if let after = query.startedAfter { conditions.append("start_time > \(bind(.int(after)))") }
        if let before = query.startedBefore { conditions.append("start_time < \(bind(.int(before)))") }
        if let text = query.freeText, !text.isEmpty, text != "*" {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            conditions.append("\(stateText) \(like) \(bind(.text("%\(escaped)%"))) ESCAPE '\\'")
        }
        if !conditions.isEmpty { whereClause = " WHERE " + conditions.joined(separator: " AND ") }
        let keys = query.sort.isEmpty ? [ExecutionQuery.SortKey(field: .startTime, ascending: false)] : query.sort
        orderClause = " ORDER BY " + keys.map(Self.order).joined(separator: ", ") + ", id"
    }

    static func order(_ key: ExecutionQuery.SortKey) -> String {
        let column = column(key.field)
        let nulls = key.field == .correlationId ? (key.ascending ? " NULLS FIRST" : " NULLS LAST") : ""
        return "\(column) \(key.ascending ? "ASC" : "DESC")\(nulls)"
    }

    static func column(_ field: ExecutionQuery.SortKey.Field) -> String {
        switch field {
        case .startTime: "start_time"
        case .endTime: "end_time"
        case .updateTime: "update_time"
        case .workflowType: "name"
        case .status: "status"
        case .correlationId: "correlation_id"
        case .workflowId: "id"
        }
    }
}
