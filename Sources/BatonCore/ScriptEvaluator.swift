public import BatonModel

/// Runs the scripts definitions carry: JavaScript (INLINE tasks, SWITCH with the javascript
/// evaluator, DO_WHILE loop conditions) and jq (JSON_JQ_TRANSFORM).
///
/// The decider calls it synchronously with the values a script may see and nothing else, so a
/// decision stays a function of its inputs. Implementations (BatonScript) bound each run's time.
public protocol ScriptEvaluator: Sendable {
    /// Evaluates JavaScript `script` with `$` bound to `input` and returns its value as JSON.
    func evaluateJavaScript(_ script: String, input: JSONValue) throws(ScriptError) -> JSONValue

    /// Runs jq `query` on `input` and returns every value it produces.
    func evaluateJQ(_ query: String, input: JSONValue) throws(ScriptError) -> [JSONValue]
}

/// A script that did not compile, threw, or ran past its time limit; the message says which.
public struct ScriptError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The evaluator of a build without script support: every script fails with a clear reason.
public struct NoScripts: ScriptEvaluator {
    public init() {}

    public func evaluateJavaScript(_ script: String, input: JSONValue) throws(ScriptError) -> JSONValue {
        throw ScriptError("JavaScript is not available in this server")
    }

    public func evaluateJQ(_ query: String, input: JSONValue) throws(ScriptError) -> [JSONValue] {
        throw ScriptError("jq is not available in this server")
    }
}
