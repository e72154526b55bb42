import BatonCore
import BatonModel
import BatonScript
import Testing

@Suite("jq through libjq")
struct JQTests {
    let runner = ScriptRunner()
    let input: JSONValue = ["x": 1, "list": [1, 2, 3], "user": ["name": "Ada", "tags": ["a", "b"]]]

    @Test("identity returns the input")
    func identity() throws {
        #expect(try runner.evaluateJQ(".", input: input) == [input])
    }

    @Test("paths select nested values")
    func paths() throws {
        #expect(try runner.evaluateJQ(".user.name", input: input) == ["Ada"])
        #expect(try runner.evaluateJQ(".user.tags[1]", input: input) == ["b"])
        #expect(try runner.evaluateJQ(".missing", input: input) == [nil])
    }

    @Test(".[] produces one value per element; empty produces none")
    func multipleOutputs() throws {
        #expect(try runner.evaluateJQ(".list[]", input: input) == [1, 2, 3])
        #expect(try runner.evaluateJQ("empty", input: input) == [])
    }

    @Test("objects and arrays are constructed")
    func construction() throws {
        #expect(try runner.evaluateJQ("{a: .x, names: [.user.tags[] | ascii_upcase]}", input: input) == [["a": 1, "names": ["A", "B"]]])
        #expect(try runner.evaluateJQ(".list | map(. * 2) | add", input: input) == [12])
        #expect(try runner.evaluateJQ(".x / 4", input: input) == [0.25])
    }

    @Test("a query that does not compile fails with jq's message")
    func compileError() throws {
        let error = try #require(throws: ScriptError.self) { try runner.evaluateJQ(".a | | .b", input: input) }
        #expect(error.message.contains("syntax error"))
        #expect(error.message.contains("compile error"))
    }

    @Test("a runtime error fails with jq's message")
    func runtimeError() throws {
        let error = try #require(throws: ScriptError.self) { try runner.evaluateJQ(".x.a", input: input) }
        #expect(error.message.hasPrefix("jq: error: Cannot index number"))
        #expect(throws: ScriptError("jq: error: out of stock")) { try runner.evaluateJQ(#"error("out of stock")"#, input: input) }
        #expect(throws: ScriptError(#"jq: error: {"code":7}"#)) { try runner.evaluateJQ("error({code: 7})", input: input) }
    }

    @Test("a compiled program is reused on new input, after an error too, and never by two runs at once")
    func reuse() async throws {
        let runner = ScriptRunner(jqProgramsKept: 2)
        #expect(try runner.evaluateJQ(".a + 1", input: ["a": 1]) == [2])
        #expect(throws: ScriptError.self) { try runner.evaluateJQ(".a + 1", input: ["a": "text"]) }
        #expect(try runner.evaluateJQ(".a + 1", input: ["a": 41]) == [42])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<24 {
                group.addTask {
                    let query = [".a * 2", ".a + 1", "[.a, .a]"][n % 3]
                    let expected: [JSONValue] = [[.int(Int64(n * 2))], [.int(Int64(n + 1))], [[.int(Int64(n)), .int(Int64(n))]]][n % 3]
                    let values = try runner.evaluateJQ(query, input: ["a": .int(Int64(n))])
                    #expect(values == expected)
                }
            }
            try await group.waitForAll()
        }
    }
}
