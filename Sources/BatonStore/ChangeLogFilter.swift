/// A ``ChangeFilter`` after a position, as SQL over the `change_log` table, shared by the SQL stores.
///
/// Values travel as arguments; `placeholder` writes the n-th (1-based) argument marker of the
/// dialect and `field` reads a text field of the `event` JSON column.
public struct ChangeLogFilter: Sendable {
    /// ` WHERE ...` (always: at least the position).
    public private(set) var whereClause = ""
    public private(set) var arguments: [ExecutionFilter.Value] = []

    public init(after sequence: Int64, _ filter: ChangeFilter, placeholder: (Int) -> String = { _ in "?" }, field: (String) -> String) {
        var conditions: [String] = []
        func bind(_ value: ExecutionFilter.Value) -> String {
            arguments.append(value)
            return placeholder(arguments.count)
        }
        func any(_ column: String, _ values: [String]?) {
            guard let values else { return }
            if values.isEmpty { return conditions.append("1 = 0") }
            conditions.append("\(column) IN (\(values.map { bind(.text($0)) }.joined(separator: ", ")))")
        }
        conditions.append("seq > \(bind(.int(Int(sequence))))")
        any("workflow_id", filter.workflowIds)
        any(field("workflowName"), filter.workflowNames)
        any("COALESCE(\(field("correlationId")), '')", filter.correlationIds)
        if let selectors = filter.selectors {
            let alternatives = selectors.map { selector in
                var condition = "\(field("kind")) = \(bind(.text(selector.kind.rawValue)))"
                if let status = selector.status { condition += " AND \(field("status")) = \(bind(.text(status)))" }
                return "(\(condition))"
            }
            conditions.append(alternatives.isEmpty ? "1 = 0" : "(\(alternatives.joined(separator: " OR ")))")
        }
        whereClause = " WHERE " + conditions.joined(separator: " AND ")
    }
}
