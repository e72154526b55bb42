public import BatonCore
public import BatonModel

/// Runs the scripts of definitions for real: JavaScript with JavaScriptCore, jq with libjq.
///
/// Every JavaScript evaluation gets a VM of its own that sees only its input: no files, no
/// network, no state left over from another script. jq programs, which hold no state between
/// runs, are compiled once and reused. Safe to call from any thread; copies share the jq programs.
public struct ScriptRunner: ScriptEvaluator {
    /// How long one JavaScript evaluation may run before it is stopped, in CPU time of its thread
    /// (JavaScriptCore's watchdog counts that, so a busy machine does not cut scripts short).
    public var timeLimit: Duration
    private let jqPrograms: JQPrograms

    /// - Parameters:
    ///   - timeLimit: how long one JavaScript evaluation may run.
    ///   - jqProgramsKept: how many compiled jq programs are kept for reuse.
    public init(timeLimit: Duration = .seconds(2), jqProgramsKept: Int = 64) {
        self.timeLimit = timeLimit
        jqPrograms = JQPrograms(capacity: jqProgramsKept)
    }

    public func evaluateJavaScript(_ script: String, input: JSONValue) throws(ScriptError) -> JSONValue {
        try JavaScriptRun(timeLimit: timeLimit).evaluate(script, input: input)
    }

    public func evaluateJQ(_ query: String, input: JSONValue) throws(ScriptError) -> [JSONValue] {
        try jqPrograms.run(query, on: input)
    }
}
