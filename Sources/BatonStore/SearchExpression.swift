/// A parsed search condition over the fields of `Field` (Conductor's query grammar, as
/// ``SearchQueryParser`` reads it), rendered to SQL by ``SearchFilter``.
public indirect enum SearchExpression<Field: SearchField>: Sendable, Hashable {
    /// `field op value`.
    case compare(Field, SearchComparison, SQLValue)
    /// `field IN (a, b)`; an empty list matches nothing.
    case oneOf(Field, [SQLValue])
    /// Every one holds.
    case all([SearchExpression])
    /// At least one holds.
    case any([SearchExpression])

    /// `self AND other`, where either may be missing.
    public static func and(_ lhs: SearchExpression?, _ rhs: SearchExpression?) -> SearchExpression? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return .all([lhs, rhs])
    }
}

/// The comparison of a `field op value` condition.
public enum SearchComparison: String, Sendable, Hashable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether the comparison orders values, and so needs a number field.
    var isRange: Bool { self != .equal && self != .notEqual }
}

/// A value bound to a statement: it travels as an argument, never in the SQL text.
public enum SQLValue: Sendable, Hashable {
    case int(Int)
    case text(String)
}
