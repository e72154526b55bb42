/// A word of Conductor's query language, with where it starts (1-based character position).
struct QueryToken: Hashable {
    enum Kind: Hashable {
        /// A bare word: a field name, a keyword (`AND`, `OR`, `IN`) or an unquoted value.
        case word(String)
        /// A value in single or double quotes, unquoted (a backslash escapes the next character).
        case quoted(String)
        case comparison(SearchComparison)
        case open, close, comma
    }

    var kind: Kind
    var position: Int

    /// The token as the query spelled it, for error messages.
    var text: String {
        switch kind {
        case .word(let word): word
        case .quoted(let value): "'\(value)'"
        case .comparison(let comparison): comparison.rawValue
        case .open: "("
        case .close: ")"
        case .comma: ","
        }
    }

    /// Whether the token is the keyword `keyword` (in any case).
    func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = kind { return word.uppercased() == keyword }
        return false
    }
}

/// Splits a query into ``QueryToken``s.
enum QueryTokenizer {
    /// Characters that end a bare word.
    private static let delimiters: Set<Character> = ["(", ")", ",", "=", "!", "<", ">", "'", "\""]

    static func tokens(of text: String) throws(SearchQueryError) -> [QueryToken] {
        let characters = Array(text)
        var tokens: [QueryToken] = []
        var index = 0
        func peek(_ offset: Int = 0) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        while let character = peek() {
            let position = index + 1
            func emit(_ kind: QueryToken.Kind, length: Int) {
                tokens.append(QueryToken(kind: kind, position: position))
                index += length
            }
            switch character {
            case _ where character.isWhitespace: index += 1
            case "(": emit(.open, length: 1)
            case ")": emit(.close, length: 1)
            case ",": emit(.comma, length: 1)
            case "=": emit(.comparison(.equal), length: peek(1) == "=" ? 2 : 1)
            case "!" where peek(1) == "=": emit(.comparison(.notEqual), length: 2)
            case "<" where peek(1) == ">": emit(.comparison(.notEqual), length: 2)
            case "<" where peek(1) == "=": emit(.comparison(.lessOrEqual), length: 2)
            case "<": emit(.comparison(.less), length: 1)
            case ">" where peek(1) == "=": emit(.comparison(.greaterOrEqual), length: 2)
            case ">": emit(.comparison(.greater), length: 1)
            case "'", "\"":
                var value = ""
                var end = index + 1
                var closed = false
                while end < characters.count {
                    if characters[end] == character {
                        closed = true
                        break
                    }
                    if characters[end] == "\\", end + 1 < characters.count { end += 1 }
                    value.append(characters[end])
                    end += 1
                }
                guard closed else { throw SearchQueryError("unterminated quote at \(position)") }
                emit(.quoted(value), length: end + 1 - index)
            case _ where delimiters.contains(character):
                throw SearchQueryError("unexpected '\(character)' at \(position)")
            default:
                var word = ""
                while let next = peek(word.count), !next.isWhitespace, !delimiters.contains(next) { word.append(next) }
                emit(.word(word), length: word.count)
            }
        }
        return tokens
    }
}
