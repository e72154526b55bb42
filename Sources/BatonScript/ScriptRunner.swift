public import BatonCore
public import BatonModel

/// Runs the scripts of definitions for real: JavaScript with JavaScriptCore, jq with libjq.
///
/// Every evaluation gets an interpreter of its own that sees only its input: no files, no
/// network, no state left over from another script. Safe to call from any thread.
public struct ScriptRunner: ScriptEvaluator {
    /// How long one JavaScript evaluation may run before it is stopped.
    public var timeLimit: Duration

    public init(timeLimit: Duration = .seconds(2)) {
        self.timeLimit = timeLimit
    }

    public func evaluateJavaScript(_ script: String, input: JSONValue) throws(ScriptError) -> JSONValue {
        try JavaScriptRun(timeLimit: timeLimit).evaluate(script, input: input)
    }

    public func evaluateJQ(_ query: String, input: JSONValue) throws(ScriptError) -> [JSONValue] {
        try JQRun().evaluate(query, input: input)
    }
}
