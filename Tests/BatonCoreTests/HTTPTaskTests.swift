import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: HTTP")
struct HTTPTaskTests {
    static let step = #"""
        {"name": "notify", "taskReferenceName": "notify", "type": "HTTP",
         "inputParameters": {"http_request": {"uri": "http://127.0.0.1:1/hook", "method": "POST", "body": {"id": "${workflow.input.id}"},
                                              "headers": {"X-Trace": "t-1"}, "readTimeOut": 500}}}
        """#

    @Test func isQueuedForTheRunnerInTheHTTPQueueOutsideAnyDomain() throws {
        var harness = Harness(try oneStep(Self.step), input: ["id": 5], taskToDomain: ["*": "blue"])
        let decision = try harness.start()
        #expect(decision.enqueued.map(\.queueName) == ["HTTP"])
        let task = try harness.latest("notify")
        #expect(task.taskType == "HTTP")
        #expect(task.taskDefName == "notify")
        #expect(task.domain == nil)
        let call = try HTTPCall(input: task.inputData)
        #expect(call.method == "POST")
        #expect(call.bodyText == #"{"id":5}"#)
        #expect(call.headers == ["X-Trace": "t-1"])
        #expect(call.readTimeoutMillis == 500)
    }

    @Test func theFlatFormIsReadToo() throws {
        let call = try HTTPCall(input: ["uri": "https://example.com/x"])
        #expect(call.method == "GET")
        #expect(call.accept == "application/json")
    }

    @Test func aMissingURIFailsAtOnce() throws {
        var harness = Harness(try oneStep(#"{"name": "n", "taskReferenceName": "n", "type": "HTTP", "inputParameters": {"http_request": {"method": "GET"}}}"#))
        try harness.start()
        #expect(try harness.latest("n").status == .failedWithTerminalError)
        #expect(harness.workflow.status == .failed)
    }

    @Test func aNon2xxAnswerFailsNamingTheStatus() {
        let answer = HTTPCallResponse(statusCode: 503, reasonPhrase: "Service Unavailable", headers: [:], body: "busy")
        let result = HTTPCall.result(of: answer)
        #expect(result.status == .failed)
        #expect(result.reason?.contains("503") == true)
        let ok = HTTPCall.result(of: HTTPCallResponse(statusCode: 200, reasonPhrase: "OK", headers: ["a": ["b"]], body: ["x": 1]))
        #expect(ok.status == .completed)
        #expect(ok.output["response"]?.objectValue?["body"] == ["x": 1])
        #expect(ok.output["response"]?.objectValue?["statusCode"] == 200)
    }

    @Test func failuresAreRetriedPerTheTaskDefinitionOnly() throws {
        var harness = Harness(try oneStep(Self.step))
        try harness.start()
        try harness.fail("notify")
        #expect(harness.attempts("notify").count == 1)
        #expect(harness.workflow.status == .failed)

        var retried = Harness(try oneStep(Self.step), taskDefs: [try taskDef(#"{"name": "notify", "retryCount": 1, "retryDelaySeconds": 0}"#)])
        try retried.start()
        let decision = try retried.fail("notify")
        #expect(decision.enqueued.map(\.queueName) == ["HTTP"])
        #expect(retried.attempts("notify").count == 2)
    }
}
