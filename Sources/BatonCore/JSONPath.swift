public import BatonModel

/// A compiled JSONPath expression over ``JSONValue``, covering the subset Conductor definitions use:
/// members (`a.b`, `['a b']`), indices (`[0]`, `[-1]`), wildcards (`*`, `[*]`), unions (`[0,2]`,
/// `['a','b']`), slices (`[1:3]`), deep scan (`..name`), filters with one comparison
/// (`[?(@.price < 10)]`, `[?(@.sku)]`) and `length()`.
///
/// As with Conductor's Jayway reader, the leading `$.` is optional, a missing member reads as
/// `null`, and a path with a wildcard, union, slice, deep scan or filter reads as an array.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public let description: String
    let steps: [Step]

    enum Step: Sendable, Hashable {
        case member(String)
        case index(Int)
        case wildcard
        case union([Selector])
        case slice(start: Int?, end: Int?)
        case deepScan(String?)
        case filter(Filter)
        case length
    }

    enum Selector: Sendable, Hashable {
        case name(String)
        case index(Int)
    }

    struct Filter: Sendable, Hashable {
        var path: [String]
        var comparison: (op: String, literal: JSONValue)?

        static func == (lhs: Filter, rhs: Filter) -> Bool {
            lhs.path == rhs.path && lhs.comparison?.op == rhs.comparison?.op
                && lhs.comparison?.literal == rhs.comparison?.literal
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(path)
            hasher.combine(comparison?.op)
            hasher.combine(comparison?.literal)
        }
    }

    /// The first step of the path when it is a member name: the root object a reader must supply.
    public var rootName: String? {
        if case .member(let name) = steps.first { return name }
        return nil
    }

    /// Whether the path reads one value (no wildcard, union, slice, deep scan or filter).
    public var isDefinite: Bool {
        steps.allSatisfy {
            switch $0 {
            case .member, .index, .length: return true
            default: return false
            }
        }
    }

    /// Compiles `text`, throwing an error that names the offending position.
    public init(_ text: String) throws(ExpressionError) {
        description = text
        var parser = Parser(text: text)
        steps = try parser.parse()
    }

    /// Reads the path from `root`; a missing definite path reads as `null`.
    public func read(from root: JSONValue) -> JSONValue {
        var current: [JSONValue] = [root]
        for step in steps {
            current = current.flatMap { apply(step, to: $0) }
        }
        if isDefinite { return current.first ?? .null }
        return .array(current)
    }

    private func apply(_ step: Step, to value: JSONValue) -> [JSONValue] {
        switch step {
        case .member(let name):
            guard let member = value[name] else { return [] }
            return [member]
        case .index(let index):
            guard let elements = value.arrayValue else { return [] }
            let position = index < 0 ? elements.count + index : index
            return elements.indices.contains(position) ? [elements[position]] : []
        case .wildcard:
            if let elements = value.arrayValue { return elements }
            if let members = value.objectValue { return members.keys.sorted().map { members[$0]! } }
            return []
        case .union(let selectors):
            return selectors.flatMap { selector -> [JSONValue] in
                switch selector {
                case .name(let name): return apply(.member(name), to: value)
                case .index(let index): return apply(.index(index), to: value)
                }
            }
        case .slice(let start, let end):
            guard let elements = value.arrayValue else { return [] }
            let count = elements.count
            func clamp(_ bound: Int?, _ fallback: Int) -> Int {
                guard let bound else { return fallback }
                return Swift.min(Swift.max(bound < 0 ? count + bound : bound, 0), count)
            }
            let lower = clamp(start, 0)
            let upper = clamp(end, count)
            return lower < upper ? Array(elements[lower..<upper]) : []
        case .deepScan(let name):
            var found: [JSONValue] = []
            collect(name, in: value, into: &found)
            return found
        case .filter(let filter):
            let candidates: [JSONValue]
            if let elements = value.arrayValue {
                candidates = elements
            } else if let members = value.objectValue {
                candidates = members.keys.sorted().map { members[$0]! }
            } else {
                candidates = []
            }
            return candidates.filter { filter.matches($0) }
        case .length:
            if let elements = value.arrayValue { return [.int(Int64(elements.count))] }
            if let members = value.objectValue { return [.int(Int64(members.count))] }
            if let text = value.stringValue { return [.int(Int64(text.count))] }
            return []
        }
    }

    private func collect(_ name: String?, in value: JSONValue, into found: inout [JSONValue]) {
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                let member = members[key]!
                if name == nil || name == key { found.append(member) }
                collect(name, in: member, into: &found)
            }
        case .array(let elements):
            for element in elements {
                if name == nil { found.append(element) }
                collect(name, in: element, into: &found)
            }
        default:
            break
        }
    }
}

extension JSONPath.Filter {
    func matches(_ candidate: JSONValue) -> Bool {
        var value: JSONValue? = candidate
        for name in path { value = value?[name] }
        guard let value else { return false }
        guard let (op, literal) = comparison else { return true }
        switch op {
        case "==": return JSONPath.Filter.equal(value, literal)
        case "!=": return !JSONPath.Filter.equal(value, literal)
        default:
            if let lhs = value.doubleValue, let rhs = literal.doubleValue {
                switch op {
                case "<": return lhs < rhs
                case "<=": return lhs <= rhs
                case ">": return lhs > rhs
                default: return lhs >= rhs
                }
            }
            if let lhs = value.stringValue, let rhs = literal.stringValue {
                switch op {
                case "<": return lhs < rhs
                case "<=": return lhs <= rhs
                case ">": return lhs > rhs
                default: return lhs >= rhs
                }
            }
            return false
        }
    }

    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = lhs.doubleValue, let right = rhs.doubleValue { return left == right }
        return lhs == rhs
    }
}

extension JSONPath {
    /// A recursive-descent reader of the path text.
    struct Parser {
        let chars: [Character]
        var position = 0

        init(text: String) { chars = Array(text) }

        mutating func parse() throws(ExpressionError) -> [Step] {
            var steps: [Step] = []
            skipSpaces()
            if peek == "$" {
                position += 1
                if position < chars.count, peek != ".", peek != "[" { throw error("expected '.' or '[' after '$'") }
            } else if position < chars.count {
                steps.append(.member(try name()))
            }
            while position < chars.count {
                switch peek {
                case ".":
                    position += 1
                    if peek == "." {
                        position += 1
                        if peek == "*" { position += 1; steps.append(.deepScan(nil)) }
                        else if peek == "[" { steps.append(.deepScan(nil)) }
                        else { steps.append(.deepScan(try name())) }
                    } else if peek == "*" {
                        position += 1
                        steps.append(.wildcard)
                    } else {
                        let member = try name()
                        if member == "length", peek == "(" {
                            try expect("(")
                            try expect(")")
                            steps.append(.length)
                        } else {
                            steps.append(.member(member))
                        }
                    }
                case "[":
                    position += 1
                    steps.append(try bracket())
                default:
                    throw error("unexpected '\(peek)'")
                }
            }
            if steps.isEmpty, chars.isEmpty { throw ExpressionError(expression: "", message: "empty path") }
            return steps
        }

        var peek: Character { position < chars.count ? chars[position] : "\0" }

        func error(_ message: String) -> ExpressionError {
            ExpressionError(expression: String(chars), message: "\(message) at position \(position + 1)")
        }

        mutating func skipSpaces() {
            while peek == " " { position += 1 }
        }

        mutating func expect(_ character: Character) throws(ExpressionError) {
            skipSpaces()
            guard peek == character else { throw error("expected '\(character)'") }
            position += 1
        }

        /// Reads a member name up to the next `.`, `[`, `]`, `(`, `)`, space or one of `terminators`.
        mutating func name(alsoEndingAt terminators: String = "") throws(ExpressionError) -> String {
            let start = position
            while position < chars.count, !".[]() ".contains(peek), !terminators.contains(peek) { position += 1 }
            guard position > start else { throw error("expected a name") }
            return String(chars[start..<position])
        }

        mutating func bracket() throws(ExpressionError) -> Step {
            skipSpaces()
            if peek == "*" {
                position += 1
                try expect("]")
                return .wildcard
            }
            if peek == "?" {
                position += 1
                try expect("(")
                let filter = try filterBody()
                try expect(")")
                try expect("]")
                return .filter(filter)
            }
            if peek == "'" || peek == "\"" {
                var names: [Selector] = [.name(try quoted())]
                skipSpaces()
                while peek == "," {
                    position += 1
                    skipSpaces()
                    names.append(.name(try quoted()))
                    skipSpaces()
                }
                try expect("]")
                if names.count == 1, case .name(let single) = names[0] { return .member(single) }
                return .union(names)
            }
            let first = try optionalInteger()
            skipSpaces()
            if peek == ":" {
                position += 1
                let end = try optionalInteger()
                try expect("]")
                return .slice(start: first, end: end)
            }
            guard let first else { throw error("expected an index, a quoted name, '*' or a filter") }
            var indices: [Selector] = [.index(first)]
            while peek == "," {
                position += 1
                guard let next = try optionalInteger() else { throw error("expected an index") }
                indices.append(.index(next))
                skipSpaces()
            }
            try expect("]")
            return indices.count == 1 ? .index(first) : .union(indices)
        }

        mutating func optionalInteger() throws(ExpressionError) -> Int? {
            skipSpaces()
            let start = position
            if peek == "-" { position += 1 }
            while peek.isASCII, peek.isNumber { position += 1 }
            if position == start { return nil }
            guard let value = Int(String(chars[start..<position])) else { throw error("bad index") }
            return value
        }

        mutating func quoted() throws(ExpressionError) -> String {
            let quote = peek
            guard quote == "'" || quote == "\"" else { throw error("expected a quoted name") }
            position += 1
            var text = ""
            while position < chars.count, peek != quote {
                if peek == "\\", position + 1 < chars.count { position += 1 }
                text.append(peek)
                position += 1
            }
            guard peek == quote else { throw error("unterminated quoted name") }
            position += 1
            return text
        }

        mutating func filterBody() throws(ExpressionError) -> Filter {
            skipSpaces()
            guard peek == "@" else { throw error("a filter starts with '@'") }
            position += 1
            var path: [String] = []
            while peek == "." || peek == "[" {
                if peek == "." {
                    position += 1
                    // `@.price<10`: the operator may follow the name without a space.
                    path.append(try name(alsoEndingAt: "=!<>"))
                } else {
                    position += 1
                    skipSpaces()
                    path.append(try quoted())
                    try expect("]")
                }
            }
            skipSpaces()
            var op = ""
            while "=!<>".contains(peek), position < chars.count {
                op.append(peek)
                position += 1
            }
            if op.isEmpty { return Filter(path: path, comparison: nil) }
            guard ["==", "!=", "<", "<=", ">", ">="].contains(op) else { throw error("unknown operator '\(op)'") }
            skipSpaces()
            return Filter(path: path, comparison: (op, try literal()))
        }

        mutating func literal() throws(ExpressionError) -> JSONValue {
            if peek == "'" || peek == "\"" { return .string(try quoted()) }
            let start = position
            while position < chars.count, !") ".contains(peek) { position += 1 }
            let word = String(chars[start..<position])
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                if let integer = Int64(word) { return .int(integer) }
                if let double = Double(word) { return .double(double) }
                throw error("expected a literal")
            }
        }
    }
}

/// An expression that cannot be compiled; the message names the expression and the position.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var expression: String
    public var message: String

    public init(expression: String, message: String) {
        self.expression = expression
        self.message = message
    }

    public var description: String { "invalid expression '\(expression)': \(message)" }
}
