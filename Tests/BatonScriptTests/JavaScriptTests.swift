import BatonCore
import BatonModel
import BatonScript
import Foundation
import Testing

@Suite("JavaScript through JavaScriptCore")
struct JavaScriptTests {
    let runner = ScriptRunner()
    let input: JSONValue = ["order": ["total": 120, "items": ["a", "b"], "vip": true], "rate": 0.5]

    @Test("a bare expression sees $ and nested input")
    func expression() throws {
        #expect(try runner.evaluateJavaScript("$.order.total + 1", input: input) == 121)
        #expect(try runner.evaluateJavaScript("$.order.items[1]", input: input) == "b")
        #expect(try runner.evaluateJavaScript("$.order.total * $.rate", input: input) == 60)
        #expect(try runner.evaluateJavaScript("$.order.vip ? 'gold' : 'plain'", input: input) == "gold")
    }

    @Test("a function body with return, and an immediately called function, both work")
    func functionBodies() throws {
        let body = """
            var total = $.order.total;
            if (total > 100) { return 'big'; }
            return 'small';
            """
        #expect(try runner.evaluateJavaScript(body, input: input) == "big")
        #expect(try runner.evaluateJavaScript("(function () { return $.order.items.length; })()", input: input) == 2)
        #expect(try runner.evaluateJavaScript("return $.rate // a trailing comment", input: input) == 0.5)
    }

    @Test("modern JavaScript: let, arrow functions, template strings, JSON, Array methods")
    func modernJavaScript() throws {
        let script = """
            const items = $.order.items.map((item, index) => `${index}:${item.toUpperCase()}`);
            let parsed = JSON.parse('{"n": 3}');
            return { items, n: parsed.n, sum: [1, 2, 3].reduce((a, b) => a + b, 0), found: [5, 8].find(x => x > 6) };
            """
        let expected: JSONValue = ["items": ["0:A", "1:B"], "n": 3, "sum": 6, "found": 8]
        #expect(try runner.evaluateJavaScript(script, input: input) == expected)
    }

    @Test("values round-trip", arguments: [
        JSONValue.null, true, false, 0, -7, 2.25, "text ✓", [1, "two", nil, [3]], ["a": ["b": [true]], "c": nil],
    ])
    func roundTrip(value: JSONValue) throws {
        #expect(try runner.evaluateJavaScript("$.value", input: ["value": value]) == value)
    }

    @Test("undefined and functions become null")
    func undefinedIsNull() throws {
        #expect(try runner.evaluateJavaScript("$.missing", input: input) == .null)
        #expect(try runner.evaluateJavaScript("var x = 1;", input: input) == .null)
        #expect(try runner.evaluateJavaScript("(function () {})", input: input) == .null)
    }

    @Test("a thrown exception fails with its message")
    func exceptions() throws {
        #expect(throws: ScriptError("Error: no stock")) { try runner.evaluateJavaScript("throw new Error('no stock')", input: input) }
        let error = try #require(throws: ScriptError.self) { try runner.evaluateJavaScript("$.nothing.deeper", input: input) }
        #expect(error.message.hasPrefix("TypeError"))
    }

    @Test("a syntax error fails with the parser's message")
    func syntaxError() throws {
        let error = try #require(throws: ScriptError.self) { try runner.evaluateJavaScript("$.a +* 2 )", input: input) }
        #expect(error.message.hasPrefix("SyntaxError"))
    }

    @Test("a runaway script is stopped at the time limit, counted in CPU time")
    func runawayScript() throws {
        let started = Self.threadCPUTime()
        #expect(throws: ScriptError("script ran longer than 2 s")) {
            try runner.evaluateJavaScript("while (true) {}", input: input)
        }
        // CPU time, not the clock: on a loaded machine the loop gets less than a core.
        let cpu = Self.threadCPUTime() - started
        #expect(cpu > 1.9 && cpu < 3, "CPU seconds used: \(cpu)")
        // A script may not catch its own termination.
        let short = ScriptRunner(timeLimit: .milliseconds(200))
        #expect(throws: ScriptError("script ran longer than 0.2 s")) {
            try short.evaluateJavaScript("for (;;) { try { while (true) {} } catch (e) {} }", input: input)
        }
    }

    @Test("evaluations share nothing, also when run concurrently")
    func isolation() async throws {
        #expect(try runner.evaluateJavaScript("globalThis.leak = 1; leak", input: input) == 1)
        #expect(try runner.evaluateJavaScript("typeof leak", input: input) == "undefined")
        let runner = runner
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<16 {
                group.addTask {
                    let value = try runner.evaluateJavaScript("$.n * 2", input: ["n": .int(Int64(n))])
                    #expect(value == .int(Int64(n * 2)))
                }
            }
            try await group.waitForAll()
        }
    }

    /// CPU seconds the calling thread has used.
    static func threadCPUTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
