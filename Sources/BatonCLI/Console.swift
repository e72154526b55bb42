import ArgumentParser
import AsyncHTTPClient
import BatonClient
import Foundation

/// A failure the CLI reports as `error: <message>`.
struct CLIError: Error, Equatable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Where the commands write. Tests swap it with `Console.$current.withValue(...)` to capture output.
struct Console: Sendable {
    var out: @Sendable (String) -> Void
    var err: @Sendable (String) -> Void

    /// Standard output and standard error.
    static let standard = Console(
        out: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) },
        err: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    )

    @TaskLocal static var current = Console.standard
}

/// The options every server command takes: `--server URL` and `--json`.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The Baton server's URL (default: $BATON_SERVER, else http://127.0.0.1:8080).", valueName: "url"))
    var server: String?

    @Flag(help: "Print the server's raw JSON answer instead of a table.")
    var json = false

    /// The server to talk to: `--server`, else `$BATON_SERVER`, else the local default.
    var serverURL: String {
        if let server, !server.isEmpty { return server }
        if let env = ProcessInfo.processInfo.environment["BATON_SERVER"], !env.isEmpty { return env }
        return "http://127.0.0.1:8080"
    }

    /// Runs `body` with a client of the server and the console; any error is printed as one line
    /// `error: <message>` on standard error and ends the command with `ExitCode.failure`.
    func run(_ body: (Client, Console) async throws -> Void) async throws {
        let console = Console.current
        // A CLI should fail at once when the server is down, not retry the connection until the deadline.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        var failure: (any Error)?
        do {
            try await body(Client(baseURL: serverURL, httpClient: httpClient), console)
        } catch {
            failure = error
        }
        try? await httpClient.shutdown()
        if let failure {
            console.err("error: " + Self.message(for: failure))
            throw ExitCode.failure
        }
    }

    /// One line for an error.
    static func message(for error: any Error) -> String {
        let text: String
        switch error {
        case let error as ClientError: text = error.description
        case let error as CLIError: text = error.message
        default: text = String(describing: error)
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
