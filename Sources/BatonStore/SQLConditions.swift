/// The conditions of a WHERE clause and their bound arguments, as the SQL stores' filters build
/// them: values travel as arguments, never in the text.
struct SQLConditions {
    private(set) var conditions: [String] = []
    private(set) var arguments: [ExecutionFilter.Value] = []
    /// Writes the n-th (1-based) argument marker of the database's dialect.
    let placeholder: (Int) -> String

    /// Binds `value` and returns its marker.
    mutating func bind(_ value: ExecutionFilter.Value) -> String {
        arguments.append(value)
        return placeholder(arguments.count)
    }

    mutating func add(_ condition: String) {
        conditions.append(condition)
    }

    /// `column IN (...)` when `values` is given; an empty list matches nothing.
    mutating func any(_ column: String, _ values: [String]?) {
        guard let values else { return }
        guard !values.isEmpty else { return add("1 = 0") }
        var markers: [String] = []
        for value in values { markers.append(bind(.text(value))) }
        add("\(column) IN (\(markers.joined(separator: ", ")))")
    }

    /// ` WHERE ...`, or empty when there is no condition.
    var whereClause: String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }
}
