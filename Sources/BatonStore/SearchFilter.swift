/// A ``SearchQuery`` as SQL over its field's table, shared by the SQL stores: a count and a page,
/// with the arguments they bind (values never travel in the text).
///
/// `freeText` is a LIKE over the text of the input and output JSON members of each row's
/// document: a scan of every row the other conditions leave, which no index helps. Missing
/// optional texts sort first ascending and last descending in every dialect.
public struct SearchFilter<Field: SearchField>: Sendable {
    /// ` WHERE ...`, or empty when the query filters nothing.
    let whereClause: String
    /// ` ORDER BY ...`, ending with the table's key so that pages never overlap.
    let orderClause: String
    /// The values the conditions bind.
    public let arguments: [SQLValue]
    /// Counts the matches, binding ``arguments``.
    public let countSQL: String
    /// Reads the documents of the page as text, binding ``pageArguments``. The page's keys are
    /// picked first and only their rows' documents are read, so that a sort never carries the
    /// document of every match.
    public let pageSQL: String
    /// ``arguments`` followed by the page's limit and offset.
    public let pageArguments: [SQLValue]

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
        countSQL = "SELECT COUNT(*) FROM \(Field.table)\(whereClause)"
        let (limit, offset) = (dialect.placeholder(arguments.count + 1), dialect.placeholder(arguments.count + 2))
        pageSQL = """
            SELECT \(dialect.text(Field.document)) FROM \(Field.table) WHERE \(Field.key) IN (
                SELECT \(Field.key) FROM \(Field.table)\(whereClause)\(orderClause) LIMIT \(limit) OFFSET \(offset))\(orderClause)
            """
        pageArguments = arguments + [.int(query.limit), .int(query.offset)]
    }

    static func order(_ key: SortKey<Field>) -> String {
        let nulls = key.field.kind == .optionalText ? (key.ascending ? " NULLS FIRST" : " NULLS LAST") : ""
        return "\(key.field.column) \(key.ascending ? "ASC" : "DESC")\(nulls)"
    }
}
