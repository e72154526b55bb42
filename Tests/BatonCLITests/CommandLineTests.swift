import ArgumentParser
import BatonModel
import Testing

@testable import BatonCLI

@Suite("command lines")
struct CommandLineTests {
    @Test func start() throws {
        let command = try WorkflowCommand.parseAsRoot([
            "start", "order_flow", "--input", #"{"orderId":"42"}"#, "--version", "3",
            "--correlation-id", "order-42", "--server", "http://baton:9000",
        ])
        let start = try #require(command as? WorkflowCommand.Start)
        #expect(start.name == "order_flow")
        #expect(start.input == #"{"orderId":"42"}"#)
        #expect(start.version == 3)
        #expect(start.correlationId == "order-42")
        #expect(start.options.serverURL == "http://baton:9000")
        #expect(start.options.json == false)
    }

    @Test func startDefaults() throws {
        let start = try #require(try WorkflowCommand.parseAsRoot(["start", "order_flow"]) as? WorkflowCommand.Start)
        #expect(start.input == "{}")
        #expect(start.version == nil)
        #expect(start.correlationId == nil)
    }

    @Test func startNeedsAName() {
        #expect(throws: (any Error).self) { try WorkflowCommand.parseAsRoot(["start"]) }
    }

    @Test func status() throws {
        let status = try #require(try WorkflowCommand.parseAsRoot(["status", "wf-1", "--json"]) as? WorkflowCommand.Status)
        #expect(status.id == "wf-1")
        #expect(status.options.json)
    }

    @Test func search() throws {
        let command = try WorkflowCommand.parseAsRoot([
            "search", "--name", "order_flow", "--status", "failed,timed_out", "--correlation-id", "order-*",
            "--query", "startTime > 1700000000000", "--free-text", "card", "--size", "5",
        ])
        let search = try #require(command as? WorkflowCommand.Search)
        #expect(search.name == "order_flow")
        #expect(search.status == "failed,timed_out")
        #expect(search.correlationId == "order-*")
        #expect(search.freeText == "card")
        #expect(search.size == 5)
        #expect(search.start == nil)
        let query = try WorkflowCommand.Search.buildQuery(
            name: search.name, status: search.status, correlationId: search.correlationId, query: search.query)
        #expect(query == "workflowType IN (order_flow) AND status IN (FAILED,TIMED_OUT) AND correlationId = order-* AND startTime > 1700000000000")
    }

    @Test func searchWithoutFiltersHasNoQuery() throws {
        #expect(try WorkflowCommand.Search.buildQuery(name: nil, status: nil, correlationId: nil, query: nil) == nil)
        #expect(try WorkflowCommand.Search.buildQuery(name: "a, b", status: nil, correlationId: nil, query: " ") == "workflowType IN (a,b)")
    }

    @Test func searchRejectsAnUnknownStatus() {
        #expect(throws: CLIError(
            "--status: unknown status 'DONE' (expected one of RUNNING, COMPLETED, FAILED, TIMED_OUT, TERMINATED, PAUSED)"
        )) {
            try WorkflowCommand.Search.buildQuery(name: nil, status: "RUNNING,DONE", correlationId: nil, query: nil)
        }
    }

    @Test func terminate() throws {
        let command = try WorkflowCommand.parseAsRoot(["terminate", "wf-1", "--reason", "customer cancelled"])
        let terminate = try #require(command as? WorkflowCommand.Terminate)
        #expect(terminate.id == "wf-1")
        #expect(terminate.reason == "customer cancelled")
        #expect(terminate.endpoint.path == "/api/workflow/wf-1")
        #expect(terminate.endpoint.method == .delete)
    }

    @Test func operatorActions() throws {
        let cases: [(String, String, String)] = [
            ("pause", "PUT", "/api/workflow/wf-1/pause"),
            ("resume", "PUT", "/api/workflow/wf-1/resume"),
            ("retry", "POST", "/api/workflow/wf-1/retry"),
            ("restart", "POST", "/api/workflow/wf-1/restart"),
        ]
        for (name, method, path) in cases {
            let action = try #require(try WorkflowCommand.parseAsRoot([name, "wf-1"]) as? any WorkflowAction)
            #expect(action.id == "wf-1")
            #expect(action.endpoint.method.rawValue == method)
            #expect(action.endpoint.path == path)
        }
    }

    @Test func unknownSubcommandFails() {
        #expect(throws: (any Error).self) { try WorkflowCommand.parseAsRoot(["frobnicate", "wf-1"]) }
    }

    @Test func defRegister() throws {
        let command = try DefCommand.parseAsRoot(["register", "a.json", "b.json", "--server", "http://h:1", "--json"])
        let register = try #require(command as? DefCommand.Register)
        #expect(register.files == ["a.json", "b.json"])
        #expect(register.options.serverURL == "http://h:1")
        #expect(register.options.json)
    }

    @Test func defRegisterNeedsAFile() {
        #expect(throws: (any Error).self) { try DefCommand.parseAsRoot(["register"]) }
    }

    @Test func startInput() throws {
        #expect(try WorkflowCommand.Start.parseInput(#"{"a":1,"b":[true]}"#) == ["a": 1, "b": [true]])
        #expect(throws: CLIError("--input: not valid JSON")) { try WorkflowCommand.Start.parseInput("{a:") }
        #expect(throws: CLIError("--input: expected a JSON object")) { try WorkflowCommand.Start.parseInput("[1]") }
        #expect(throws: CLIError("--input: cannot read /nonexistent/input.json")) {
            try WorkflowCommand.Start.parseInput("@/nonexistent/input.json")
        }
    }
}
