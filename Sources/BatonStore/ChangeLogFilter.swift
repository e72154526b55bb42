/// A ``ChangeFilter`` after a position, as SQL over the `change_log` table, shared by the SQL stores.
///
/// Values travel as arguments; fields are read from the `event` JSON column.
public struct ChangeLogFilter: Sendable {
    /// ` WHERE ...` (always: at least the position).
    public private(set) var whereClause = ""
    public private(set) var arguments: [SQLValue] = []

    public init(after sequence: Int64, _ filter: ChangeFilter, dialect: SQLDialect) {
        var sql = SQLConditions(placeholder: dialect.placeholder)
        func field(_ name: String) -> String { dialect.jsonText("event", name) }
        sql.add("seq > \(sql.bind(.int(Int(sequence))))")
        sql.any("workflow_id", filter.workflowIds)
        sql.any(field("workflowName"), filter.workflowNames)
        sql.any("COALESCE(\(field("correlationId")), '')", filter.correlationIds)
        if let selectors = filter.selectors {
            var alternatives: [String] = []
            for selector in selectors {
                var condition = "\(field("kind")) = \(sql.bind(.text(selector.kind.rawValue)))"
                if let status = selector.status { condition += " AND \(field("status")) = \(sql.bind(.text(status)))" }
                alternatives.append("(\(condition))")
            }
            sql.add(alternatives.isEmpty ? "1 = 0" : "(\(alternatives.joined(separator: " OR ")))")
        }
        whereClause = sql.whereClause
        arguments = sql.arguments
    }
}
