/// The conditions of a WHERE clause and their bound arguments, as the SQL stores' filters build
/// them: values travel as arguments, never in the text.
struct SQLConditions {
    private(set) var conditions: [String] = []
    private(set) var arguments: [SQLValue] = []
    /// Writes the n-th (1-based) argument marker of the database's dialect.
    let placeholder: (Int) -> String

    /// Binds `value` and returns its marker.
    mutating func bind(_ value: SQLValue) -> String {
        arguments.append(value)
        return placeholder(arguments.count)
    }

    mutating func add(_ condition: String) {
        conditions.append(condition)
    }

    /// `column IN (...)` when `values` is given; an empty list matches nothing.
    mutating func any(_ column: String, _ values: [String]?) {
        guard let values else { return }
        add(oneOf(column, values.map(SQLValue.text)))
    }

    /// `expression` as one parenthesized condition, its values bound.
    mutating func render<Field>(_ expression: SearchExpression<Field>) -> String {
        switch expression {
        case .compare(let field, .notEqual, let value) where field.kind == .optionalText:
            // SQL's `<>` is unknown against a missing value; a search means "anything but".
            return "(\(field.column) <> \(bind(value)) OR \(field.column) IS NULL)"
        case .compare(let field, let comparison, let value):
            return "\(field.column) \(comparison == .notEqual ? "<>" : comparison.rawValue) \(bind(value))"
        case .oneOf(let field, let values):
            return oneOf(field.column, values)
        case .all(let parts):
            return parts.isEmpty ? "1 = 1" : "(" + parts.map { render($0) }.joined(separator: " AND ") + ")"
        case .any(let parts):
            return parts.isEmpty ? "1 = 0" : "(" + parts.map { render($0) }.joined(separator: " OR ") + ")"
        }
    }

    private mutating func oneOf(_ column: String, _ values: [SQLValue]) -> String {
        guard !values.isEmpty else { return "1 = 0" }
        var markers: [String] = []
        for value in values { markers.append(bind(value)) }
        return "\(column) IN (\(markers.joined(separator: ", ")))"
    }

    /// ` WHERE ...`, or empty when there is no condition.
    var whereClause: String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }
}
