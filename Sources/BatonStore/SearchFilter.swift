/// A ``SearchQuery`` as SQL over its field's table, shared by the SQL stores: ` WHERE ...` and
/// ` ORDER BY ...` with the arguments they bind (values never travel in the text).
///
/// `freeText` is a LIKE over the text of the input and output JSON members of each row's
/// document: a scan of every row the other conditions leave, which no index helps. Missing
/// optional texts sort first ascending and last descending in every dialect.
public struct SearchFilter<Field: SearchField>: Sendable {
    /// ` WHERE ...`, or empty when the query filters nothing.
    public private(set) var whereClause = ""
    /// ` ORDER BY ...`, ending with the table's key so that pages never overlap.
    public private(set) var orderClause = ""
    public private(set) var arguments: [SQLValue] = []

    public init(_ query: SearchQuery<Field>, dialect: SQLDialect) {
        var sql = SQLConditions(placeholder: dialect.placeholder)
        if let filter = query.filter { sql.add(sql.render(filter)) }
        if let text = query.freeText, !text.isEmpty, text != "*" {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let matches = Field.freeTextMembers.map { member in
                "\(dialect.jsonText(Field.document, member)) \(dialect.like) \(sql.bind(.text("%\(escaped)%"))) ESCAPE '\\'"
            }
            sql.add("(\(matches.joined(separator: " OR ")))")
        }
        whereClause = sql.whereClause
        arguments = sql.arguments
        let keys = query.sort.isEmpty ? [Field.defaultSort] : query.sort
        orderClause = " ORDER BY " + keys.map(Self.order).joined(separator: ", ") + ", \(Field.key)"
    }

    static func order(_ key: SortKey<Field>) -> String {
        let nulls = key.field.kind == .optionalText ? (key.ascending ? " NULLS FIRST" : " NULLS LAST") : ""
        return "\(key.field.column) \(key.ascending ? "ASC" : "DESC")\(nulls)"
    }
}
