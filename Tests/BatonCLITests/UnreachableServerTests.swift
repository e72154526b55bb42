import ArgumentParser
import Foundation
import Synchronization
import Testing

@testable import BatonCLI

/// Collects what a command writes.
final class CapturedConsole: Sendable {
    private let lines = Mutex<(out: [String], err: [String])>(([], []))
    var out: [String] { lines.withLock { $0.out } }
    var err: [String] { lines.withLock { $0.err } }
    var console: Console {
        Console(
            out: { line in self.lines.withLock { $0.out.append(line) } },
            err: { line in self.lines.withLock { $0.err.append(line) } })
    }
}

/// Parses a command line and runs it with captured output; returns the error it ended with, if any.
func run(_ command: any AsyncParsableCommand.Type, _ arguments: [String], console: CapturedConsole) async throws -> (any Error)? {
    var parsed = try #require(try command.parseAsRoot(arguments) as? any AsyncParsableCommand)
    do {
        try await Console.$current.withValue(console.console) { try await parsed.run() }
        return nil
    } catch {
        return error
    }
}

@Suite("errors when the server is unreachable")
struct UnreachableServerTests {
    // Nothing listens on port 1 of the loopback address (it would take root to bind it).
    static let closed = "http://127.0.0.1:1"

    @Test(arguments: [
        ["status", "wf-1"],
        ["search", "--status", "RUNNING"],
        ["start", "order_flow", "--input", "{}"],
        ["terminate", "wf-1", "--reason", "r"],
        ["pause", "wf-1"],
        ["restart", "wf-1", "--json"],
    ])
    func workflowCommandPrintsOneLineAndFails(arguments: [String]) async throws {
        let console = CapturedConsole()
        let error = try await run(WorkflowCommand.self, arguments + ["--server", Self.closed], console: console)
        #expect(error as? ExitCode == .failure)
        #expect(console.err == ["error: cannot reach http://127.0.0.1:1: connection refused"])
        #expect(console.out.isEmpty)
    }

    @Test func defRegisterReportsABadFileBeforeCallingTheServer() async throws {
        let console = CapturedConsole()
        let error = try await run(DefCommand.self, ["register", "/nonexistent/defs.json", "--server", Self.closed], console: console)
        #expect(error as? ExitCode == .failure)
        #expect(console.err == ["error: /nonexistent/defs.json: cannot read the file"])
    }

    @Test func badInputIsReportedAsOneLine() async throws {
        let console = CapturedConsole()
        let error = try await run(WorkflowCommand.self, ["start", "w", "--input", "[1]", "--server", Self.closed], console: console)
        #expect(error as? ExitCode == .failure)
        #expect(console.err == ["error: --input: expected a JSON object"])
    }

    @Test func serverFromEnvironmentOrDefault() throws {
        let status = try #require(try WorkflowCommand.parseAsRoot(["status", "x"]) as? WorkflowCommand.Status)
        let env = ProcessInfo.processInfo.environment["BATON_SERVER"] ?? ""
        let expected = env.isEmpty ? "http://127.0.0.1:8080" : env
        #expect(status.options.serverURL == expected)
    }
}

