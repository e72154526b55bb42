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
        _ query: ExecutionQuery, placeholder: @escaping (Int) -> String = { _ in "?" }, like: String = "LIKE",
        stateText: String = "state"
    ) {
        var sql = SQLConditions(placeholder: placeholder)
        sql.any("id", query.workflowIds)
        sql.any("name", query.workflowNames)
        sql.any("status", query.statuses?.map(\.rawValue))
        sql.any("correlation_id", query.correlationIds)
        if let version = query.version { sql.add("version = \(sql.bind(.int(version)))") }
        if let after = query.startedAfter { sql.add("start_time > \(sql.bind(.int(after)))") }
        if let before = query.startedBefore { sql.add("start_time < \(sql.bind(.int(before)))") }
        if let text = query.freeText, !text.isEmpty, text != "*" {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            sql.add("\(stateText) \(like) \(sql.bind(.text("%\(escaped)%"))) ESCAPE '\\'")
        }
        whereClause = sql.whereClause
        arguments = sql.arguments
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
