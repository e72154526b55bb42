import BatonModel

extension DecisionRun {
    /// Evaluates an `expression` the way Conductor's evaluators do: `value-param` reads the input
    /// parameter it names; `javascript` (or `graaljs`) runs it with `$` bound to `input`.
    func evaluate(_ expression: String, evaluatorType: String?, input: [String: JSONValue]) throws(ScriptError) -> JSONValue {
        switch evaluatorType ?? "value-param" {
        case "value-param":
            return input[expression] ?? .null
        case "javascript", "graaljs":
            return try environment.scripts.evaluateJavaScript(expression, input: .object(input))
        case let other:
            throw ScriptError("evaluatorType '\(other)' is not supported; use value-param or javascript")
        }
    }
}

extension JSONValue {
    /// The value as a condition, as Conductor reads a script's result: `true`, or a number above 0.
    var isTrueCondition: Bool {
        switch self {
        case .bool(let value): value
        case .int(let value): value > 0
        case .double(let value): value > 0
        default: false
        }
    }
}
