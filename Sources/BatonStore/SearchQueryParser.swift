import Foundation

/// A query that cannot be read; its message names the bad token and its position (1-based).
public struct SearchQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Reads Conductor's query language into a ``SearchExpression``, by recursive descent:
///
///     query      := or
///     or         := and ("OR" and)*
///     and        := primary ("AND" primary)*
///     primary    := "(" or ")" | field comparison value | field "IN" "(" value ("," value)* ")"
///     comparison := "=" | "!=" | "<" | "<=" | ">" | ">="
///     value      := bare word | 'quoted' | "quoted"
///
/// Keywords are case-insensitive; field names are `Field`'s (``SearchField/named(_:)``). Each value
/// is checked against its field: numbers for times and versions, known names for statuses.
public struct SearchQueryParser<Field: SearchField> {
    private let tokens: [QueryToken]
    private var index = 0
    /// Where the query ends, for "unexpected end" messages.
    private let end: Int

    /// Parses `text`; an empty (or blank) query is `nil`, which matches everything.
    public static func parse(_ text: String) throws(SearchQueryError) -> SearchExpression<Field>? {
        var parser = SearchQueryParser(tokens: try QueryTokenizer.tokens(of: text), end: text.count + 1)
        guard !parser.tokens.isEmpty else { return nil }
        let expression = try parser.or()
        if let extra = parser.peek {
            throw SearchQueryError("unexpected '\(extra.text)' at \(extra.position); expected AND, OR or the end of the query")
        }
        return expression
    }

    /// Parses a `sort` parameter: `field`, `field:ASC` or `field:DESC`, several joined by `,` or `|`.
    public static func sortKeys(_ text: String) throws(SearchQueryError) -> [SortKey<Field>] {
        var keys: [SortKey<Field>] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == "|" }) {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard let field = Field.named(pieces[0]) else {
                throw SearchQueryError(
                    "cannot sort by '\(pieces[0])'; fields: \(Field.allCases.map(\.name).joined(separator: ", "))")
            }
            let direction = pieces.count > 1 ? pieces[1].uppercased() : "ASC"
            guard pieces.count <= 2, direction == "ASC" || direction == "DESC" else {
                throw SearchQueryError("sort '\(part)': the direction must be ASC or DESC")
            }
            keys.append(SortKey(field: field, ascending: direction == "ASC"))
        }
        return keys
    }

    private init(tokens: [QueryToken], end: Int) {
        self.tokens = tokens
        self.end = end
    }

    private var peek: QueryToken? { index < tokens.count ? tokens[index] : nil }

    private mutating func next(_ expected: String) throws(SearchQueryError) -> QueryToken {
        guard let token = peek else { throw SearchQueryError("unexpected end of query at \(end); expected \(expected)") }
        index += 1
        return token
    }

    private mutating func or() throws(SearchQueryError) -> SearchExpression<Field> {
        var parts = [try and()]
        while peek?.isKeyword("OR") == true {
            index += 1
            parts.append(try and())
        }
        return parts.count == 1 ? parts[0] : .any(parts)
    }

    private mutating func and() throws(SearchQueryError) -> SearchExpression<Field> {
        var parts = [try primary()]
        while peek?.isKeyword("AND") == true {
            index += 1
            parts.append(try primary())
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private mutating func primary() throws(SearchQueryError) -> SearchExpression<Field> {
        let token = try next("a field name or '('")
        if token.kind == .open {
            let inner = try or()
            let close = try next("')'")
            guard close.kind == .close else { throw unexpected(close, expected: "')', AND or OR") }
            return inner
        }
        guard case .word(let name) = token.kind, !["AND", "OR", "IN"].contains(name.uppercased()) else {
            throw unexpected(token, expected: "a field name or '('")
        }
        guard let field = Field.named(name) else {
            throw SearchQueryError(
                "unknown field '\(name)' at \(token.position); fields: \(Field.allCases.map(\.name).joined(separator: ", "))")
        }
        let op = try next("=, !=, <, <=, >, >= or IN after \(name)")
        if op.isKeyword("IN") {
            let open = try next("'(' after IN")
            guard open.kind == .open else { throw unexpected(open, expected: "'(' after IN") }
            var values = [try value(for: field)]
            while true {
                let separator = try next("',' or ')'")
                if separator.kind == .close { break }
                guard separator.kind == .comma else { throw unexpected(separator, expected: "',' or ')'") }
                values.append(try value(for: field))
            }
            return .oneOf(field, values)
        }
        guard case .comparison(let comparison) = op.kind else {
            throw unexpected(op, expected: "=, !=, <, <=, >, >= or IN after \(name)")
        }
        if comparison.isRange, field.kind != .number {
            throw SearchQueryError("'\(comparison.rawValue)' at \(op.position) compares numbers; \(name) is not one")
        }
        return .compare(field, comparison, try value(for: field))
    }

    /// The next token as a value of `field`.
    private mutating func value(for field: Field) throws(SearchQueryError) -> SQLValue {
        let token = try next("a value for \(field.name)")
        let text: String
        switch token.kind {
        case .word(let word) where !["AND", "OR", "IN"].contains(word.uppercased()): text = word
        case .quoted(let quoted): text = quoted
        default: throw unexpected(token, expected: "a value for \(field.name)")
        }
        switch field.kind {
        case .text, .optionalText:
            return .text(text)
        case .number:
            guard let number = Int(text) else {
                throw SearchQueryError("'\(text)' at \(token.position) is not a number; \(field.name) takes integers (times in epoch milliseconds)")
            }
            return .int(number)
        case .status(let names):
            guard names.contains(text.uppercased()) else {
                throw SearchQueryError("unknown status '\(text)' at \(token.position); statuses: \(names.joined(separator: ", "))")
            }
            return .text(text.uppercased())
        }
    }

    private func unexpected(_ token: QueryToken, expected: String) -> SearchQueryError {
        SearchQueryError("unexpected '\(token.text)' at \(token.position); expected \(expected)")
    }
}
