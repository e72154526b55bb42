@testable import BatonCore
import Foundation
import BatonModel

/// A stand-in ScriptEvaluator for tests: deterministic, and it understands only the handful of
/// expressions the tests use. The server's real evaluator is JavaScriptCore and libjq (BatonScript).
///
/// JavaScript: `$.a.b` (a path into the input), `$.a.b OP literal` with OP one of
/// `== != < <= > >=` and a number, 'text' or true/false literal, and `throw 'message'`.
/// jq: `.a.b` (one value), `.a[]` (each element), `error` (throws).
struct StubScripts: ScriptEvaluator {
    func evaluateJavaScript(_ script: String, input: JSONValue) throws(ScriptError) -> JSONValue {
        let text = script.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("throw") { throw ScriptError("Error: \(text.dropFirst(5).trimmingCharacters(in: .whitespaces))") }
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            guard let range = text.range(of: " \(op) ") else { continue }
            let left = try path(String(text[..<range.lowerBound]), in: input, root: "$.")
            let right = literal(String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces))
            switch op {
            case "==": return .bool(left == right)
            case "!=": return .bool(left != right)
            default:
                guard let l = left.doubleValue, let r = right.doubleValue else { return false }
                switch op {
                case "<": return .bool(l < r)
                case "<=": return .bool(l <= r)
                case ">": return .bool(l > r)
                default: return .bool(l >= r)
                }
            }
        }
        return try path(text, in: input, root: "$.")
    }

    func evaluateJQ(_ query: String, input: JSONValue) throws(ScriptError) -> [JSONValue] {
        if query == "error" { throw ScriptError("jq: error (at <stdin>:0): null (null)") }
        if query.hasSuffix("[]") {
            return try path(String(query.dropLast(2)), in: input, root: ".").arrayValue ?? []
        }
        return [try path(query, in: input, root: ".")]
    }

    private func path(_ text: String, in input: JSONValue, root: String) throws(ScriptError) -> JSONValue {
        guard text.hasPrefix(root) else { throw ScriptError("StubScripts does not understand '\(text)'") }
        var value = input
        for key in text.dropFirst(root.count).split(separator: ".") { value = value[String(key)] ?? .null }
        return value
    }

    private func literal(_ text: String) -> JSONValue {
        if text == "true" { return true }
        if text == "false" { return false }
        if let number = Int64(text) { return .int(number) }
        if let number = Double(text) { return .double(number) }
        return .string(text.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")))
    }
}
