import ArgumentParser
import BatonCLI

/// `baton`: the server and the command-line client in one binary.
@main
struct Baton: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton",
        abstract: "A durable workflow engine with Conductor's API.",
        subcommands: [ServerCommand.self, DefCommand.self, WorkflowCommand.self, BenchCommand.self, SearchBenchCommand.self]
    )
}
