/// What the SQL stores' shared query builders need to know of a database's dialect.
public struct SQLDialect: Sendable {
    /// Writes the n-th (1-based) argument marker: `?` or `$1`.
    public var placeholder: @Sendable (Int) -> String
    /// The case-insensitive LIKE operator.
    public var like: String
    /// Reads member `member` of the JSON in `column` as text: a string's value, an object's JSON.
    public var jsonText: @Sendable (_ column: String, _ member: String) -> String
    /// Reads a JSON document column as text.
    public var text: @Sendable (_ column: String) -> String

    public init(
        placeholder: @escaping @Sendable (Int) -> String, like: String,
        jsonText: @escaping @Sendable (_ column: String, _ member: String) -> String,
        text: @escaping @Sendable (_ column: String) -> String
    ) {
        self.placeholder = placeholder
        self.like = like
        self.jsonText = jsonText
        self.text = text
    }
}
