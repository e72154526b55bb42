import ArgumentParser
import BatonClient
import BatonModel
import Foundation

/// `baton def ...`: definitions on the server.
///
/// Mount it as a subcommand of the root command: `subcommands: [DefCommand.self, WorkflowCommand.self, ...]`.
public struct DefCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "def",
        abstract: "Manage workflow and task definitions.",
        subcommands: [Register.self]
    )

    public init() {}

    /// `baton def register FILE...`
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register (create or replace) definitions from JSON files.",
            discussion: """
                Each file holds a workflow definition, an array of task definitions, or an object \
                with "taskDefs" and/or "workflowDefs" arrays. All files are read before anything is sent; \
                task definitions are registered before workflow definitions, and existing versions are overwritten.
                """
        )

        @Argument(help: ArgumentHelp("JSON definition files.", valueName: "file"))
        var files: [String]

        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await options.run { client, console in
                var bundle = DefBundle()
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw CLIError("\(file): cannot read the file")
                    }
                    bundle.append(try DefBundle.parse(data, file: file))
                }
                if !bundle.taskDefs.isEmpty {
                    try await client.registerTaskDefs(bundle.taskDefs)
                }
                for def in bundle.workflowDefs {
                    try await client.registerWorkflowDef(def, overwrite: true)
                }
                if options.json {
                    let report: JSONValue = [
                        "taskDefs": .array(bundle.taskDefs.map { .string($0.name) }),
                        "workflowDefs": .array(bundle.workflowDefs.map { def in
                            ["name": .string(def.name), "version": .int(Int64(def.effectiveVersion))]
                        }),
                    ]
                    console.out(report.compactText)
                } else {
                    for def in bundle.taskDefs { console.out("registered task definition \(def.name)") }
                    for def in bundle.workflowDefs {
                        console.out("registered workflow definition \(def.name) version \(def.effectiveVersion)")
                    }
                }
            }
        }
    }
}
