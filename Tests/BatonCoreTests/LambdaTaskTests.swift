import Synchronization
import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: LAMBDA")
struct LambdaTaskTests {
    /// Keeps the scripts it is given and answers each with `answer`, or throws `failure`.
    final class RecordingScripts: ScriptEvaluator {
        let scripts = Mutex<[(script: String, input: JSONValue)]>([])
        let answer: JSONValue
        let failure: ScriptError?

        init(answer: JSONValue = .null, failure: ScriptError? = nil) {
            self.answer = answer
            self.failure = failure
        }

        func evaluateJavaScript(_ script: String, input: JSONValue) throws(ScriptError) -> JSONValue {
            scripts.withLock { $0.append((script, input)) }
            if let failure { throw failure }
            return answer
        }

        func evaluateJQ(_ query: String, input: JSONValue) throws(ScriptError) -> [JSONValue] { [] }
    }

    static let step = #"""
        {"name": "l", "taskReferenceName": "l", "type": "LAMBDA",
         "inputParameters": {"a": "${workflow.input.a}", "scriptExpression": "if ($.a == 1) { return {one: true} } return {one: false}"}}
        """#

    @Test func runsTheScriptAsAFunctionBodyWithTheInputAsDollar() throws {
        let scripts = RecordingScripts(answer: ["one": true])
        var harness = Harness(try oneStep(Self.step), input: ["a": 1])
        harness.environment.scripts = scripts
        try harness.start()
        #expect(try harness.latest("l").status == .completed)
        #expect(try harness.latest("l").outputData == ["result": ["one": true]])
        #expect(harness.open == ["after"])
        let (script, input) = try #require(scripts.scripts.withLock { $0.first })
        #expect(script == "(function () {\nif ($.a == 1) { return {one: true} } return {one: false}\n})()")
        #expect(input.objectValue?["a"] == 1)
    }

    @Test func aScriptErrorFailsTheTaskWithItsMessage() throws {
        var harness = Harness(try oneStep(Self.step))
        harness.environment.scripts = RecordingScripts(failure: ScriptError("ReferenceError: x is not defined"))
        try harness.start()
        #expect(try harness.latest("l").status == .failed)
        #expect(try harness.latest("l").reasonForIncompletion == "ReferenceError: x is not defined")
        #expect(harness.workflow.status == .failed)
    }

    @Test func anEmptyScriptFailsTheTask() throws {
        let scripts = RecordingScripts()
        var harness = Harness(try oneStep(#"{"name": "l", "taskReferenceName": "l", "type": "LAMBDA", "inputParameters": {"scriptExpression": " "}}"#))
        harness.environment.scripts = scripts
        try harness.start()
        #expect(try harness.latest("l").status == .failed)
        #expect(try harness.latest("l").reasonForIncompletion?.contains("non-empty input scriptExpression") == true)
        #expect(scripts.scripts.withLock { $0.isEmpty })
    }
}
