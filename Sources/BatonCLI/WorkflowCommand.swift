import ArgumentParser
import BatonClient
import BatonModel
import Foundation

/// `baton workflow ...`: executions on the server.
///
/// Mount it as a subcommand of the root command: `subcommands: [DefCommand.self, WorkflowCommand.self, ...]`.
public struct WorkflowCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Start, inspect, search and operate workflow executions.",
        subcommands: [
            Start.self, Status.self, Search.self,
            Terminate.self, Pause.self, Resume.self, Retry.self, Restart.self,
        ]
    )

    public init() {}
}

// MARK: - start

extension WorkflowCommand {
    /// `baton workflow start NAME --input JSON [--version N] [--correlation-id ID]`
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start an execution and print its id.")

        @Argument(help: "The name of the workflow definition.")
        var name: String

        @Option(help: ArgumentHelp("The input: a JSON object, or @FILE to read one from a file.", valueName: "json"))
        var input = "{}"

        @Option(help: "The definition's version (default: the latest).")
        var version: Int?

        @Option(help: ArgumentHelp("The business key of the execution, such as an order id.", valueName: "id"))
        var correlationId: String?

        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await options.run { client, console in
                let request = StartWorkflowRequest(
                    name: name, version: version, correlationId: correlationId, input: try Self.parseInput(input))
                // The answer is the id as text in both modes.
                console.out(try await client.startWorkflow(request))
            }
        }

        /// The `--input` value as a JSON object; `@path` reads it from a file.
        static func parseInput(_ text: String) throws(CLIError) -> [String: JSONValue] {
            var data = Data(text.utf8)
            if text.hasPrefix("@") {
                let path = String(text.dropFirst())
                guard let contents = FileManager.default.contents(atPath: path) else {
                    throw CLIError("--input: cannot read \(path)")
                }
                data = contents
            }
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
                throw CLIError("--input: not valid JSON")
            }
            guard let object = value.objectValue else {
                throw CLIError("--input: expected a JSON object")
            }
            return object
        }
    }
}

// MARK: - status

extension WorkflowCommand {
    /// `baton workflow status ID`
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an execution and its tasks.")

        @Argument(help: "The workflow id.")
        var id: String

        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await options.run { client, console in
                let endpoint = Endpoint.workflow(id: id, includeTasks: true)
                let response = try await client.response(for: endpoint)
                if options.json {
                    console.out(response.text)
                } else {
                    console.out(Self.render(try endpoint.read(response)))
                }
            }
        }

        /// A summary block, then one row per task attempt.
        static func render(_ workflow: Workflow) -> String {
            let summary = formatTable(rows: [
                ["Workflow:", workflow.workflowId],
                ["Name:", "\(workflow.workflowName) (version \(workflow.workflowVersion))"],
                ["Status:", workflow.status.rawValue],
                ["Correlation id:", workflow.correlationId ?? "-"],
                ["Started:", isoTime(workflow.startTime)],
                ["Ended:", isoTime(workflow.endTime)],
                ["Reason:", workflow.reasonForIncompletion ?? "-"],
            ])
            guard !workflow.tasks.isEmpty else { return summary + "\n\nNo tasks." }
            let tasks = formatTable(
                header: ["REF", "TYPE", "STATUS", "ATTEMPT", "WORKER"],
                rows: workflow.tasks.map { task in
                    [task.referenceTaskName, task.taskType, task.status.rawValue,
                     String(task.retryCount + 1), task.workerId ?? "-"]
                }
            )
            return summary + "\n\n" + tasks
        }
    }
}

// MARK: - search

extension WorkflowCommand {
    /// `baton workflow search [--name N] [--status S] [--correlation-id C] [--query Q] [--free-text T] [--size N]`
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search executions.",
            discussion: """
                --name, --status and --correlation-id take comma-separated lists; a value with '*' matches \
                as a pattern. They are joined with AND to --query, which is Conductor's query syntax, \
                such as "startTime > 1700000000000".
                """
        )

        @Option(help: "Workflow definition names.")
        var name: String?

        @Option(help: "Statuses: RUNNING, COMPLETED, FAILED, TIMED_OUT, TERMINATED, PAUSED.")
        var status: String?

        @Option(help: ArgumentHelp("Correlation ids.", valueName: "id"))
        var correlationId: String?

        @Option(help: "A Conductor search query, joined with AND to the filters above.")
        var query: String?

        @Option(help: "Text to look for in the executions.")
        var freeText: String?

        @Option(help: "The index of the first result.")
        var start: Int?

        @Option(help: "The page size (the server's default is 100).")
        var size: Int?

        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await options.run { client, console in
                let endpoint = Endpoint.search(
                    query: try Self.buildQuery(name: name, status: status, correlationId: correlationId, query: query),
                    freeText: freeText, start: start, size: size)
                let response = try await client.response(for: endpoint)
                if options.json {
                    console.out(response.text)
                } else {
                    console.out(Self.render(try endpoint.read(response), start: start ?? 0))
                }
            }
        }

        /// The filters as one Conductor query, or `nil` when there are none.
        static func buildQuery(name: String?, status: String?, correlationId: String?, query: String?) throws(CLIError) -> String? {
            var clauses: [String] = []
            func add(_ field: String, _ list: String?, transform: (String) -> String = { $0 }) {
                guard let list else { return }
                let values = list.split(separator: ",").map { transform($0.trimmingCharacters(in: .whitespaces)) }
                    .filter { !$0.isEmpty }
                guard !values.isEmpty else { return }
                if values.count == 1 && values[0].contains("*") {
                    clauses.append("\(field) = \(values[0])")
                } else {
                    clauses.append("\(field) IN (\(values.joined(separator: ",")))")
                }
            }
            if let status {
                for value in status.split(separator: ",") {
                    let normalized = value.trimmingCharacters(in: .whitespaces).uppercased()
                    guard WorkflowStatus(rawValue: normalized) != nil else {
                        let known = WorkflowStatus.allCases.map(\.rawValue).joined(separator: ", ")
                        throw CLIError("--status: unknown status '\(value)' (expected one of \(known))")
                    }
                }
            }
            add("workflowType", name)
            add("status", status) { $0.uppercased() }
            add("correlationId", correlationId)
            if let query, !query.trimmingCharacters(in: .whitespaces).isEmpty { clauses.append(query) }
            return clauses.isEmpty ? nil : clauses.joined(separator: " AND ")
        }

        /// One row per execution, and a line saying which part of the hits is shown.
        static func render(_ result: SearchResult<WorkflowSummary>, start: Int) -> String {
            guard !result.results.isEmpty else {
                return result.totalHits > 0 ? "No executions on this page (\(result.totalHits) in all)." : "No executions found."
            }
            let table = formatTable(
                header: ["ID", "NAME", "VERSION", "STATUS", "CORRELATION ID", "START TIME"],
                rows: result.results.map { summary in
                    [summary.workflowId, summary.workflowType, String(summary.version), summary.status.rawValue,
                     summary.correlationId ?? "-", summary.startTime ?? "-"]
                }
            )
            let shown = result.results.count
            if start == 0 && shown >= result.totalHits { return table }
            return table + "\n\nShowing \(start + 1)–\(start + shown) of \(result.totalHits)."
        }
    }
}

// MARK: - operator actions

/// The operator actions that take a workflow id and answer nothing of interest.
protocol WorkflowAction: AsyncParsableCommand {
    var id: String { get }
    var options: ServerOptions { get }
    /// The call to make.
    var endpoint: Endpoint<Void> { get }
    /// What was done, for the confirmation line (`terminated`).
    static var done: String { get }
}

extension WorkflowAction {
    func run() async throws {
        try await options.run { client, console in
            let response = try await client.response(for: endpoint)
            if options.json {
                if !response.isEmpty { console.out(response.text) }
            } else {
                console.out("\(Self.done) \(id)")
            }
        }
    }
}

extension WorkflowCommand {
    /// `baton workflow terminate ID [--reason R]`
    struct Terminate: WorkflowAction {
        static let configuration = CommandConfiguration(abstract: "Terminate an execution.")
        static let done = "terminated"
        @Argument(help: "The workflow id.") var id: String
        @Option(help: "Why, recorded as the execution's reason for incompletion.") var reason: String?
        @OptionGroup var options: ServerOptions
        var endpoint: Endpoint<Void> { .terminate(id: id, reason: reason) }
    }

    /// `baton workflow pause ID`
    struct Pause: WorkflowAction {
        static let configuration = CommandConfiguration(abstract: "Pause a running execution: no new tasks are scheduled.")
        static let done = "paused"
        @Argument(help: "The workflow id.") var id: String
        @OptionGroup var options: ServerOptions
        var endpoint: Endpoint<Void> { .pause(id: id) }
    }

    /// `baton workflow resume ID`
    struct Resume: WorkflowAction {
        static let configuration = CommandConfiguration(abstract: "Resume a paused execution.")
        static let done = "resumed"
        @Argument(help: "The workflow id.") var id: String
        @OptionGroup var options: ServerOptions
        var endpoint: Endpoint<Void> { .resume(id: id) }
    }

    /// `baton workflow retry ID`
    struct Retry: WorkflowAction {
        static let configuration = CommandConfiguration(abstract: "Retry the failed tasks of an ended execution.")
        static let done = "retried"
        @Argument(help: "The workflow id.") var id: String
        @OptionGroup var options: ServerOptions
        var endpoint: Endpoint<Void> { .retry(id: id) }
    }

    /// `baton workflow restart ID`
    struct Restart: WorkflowAction {
        static let configuration = CommandConfiguration(abstract: "Restart an ended execution from its first task.")
        static let done = "restarted"
        @Argument(help: "The workflow id.") var id: String
        @OptionGroup var options: ServerOptions
        var endpoint: Endpoint<Void> { .restart(id: id) }
    }
}

// MARK: - Formatting

/// Epoch milliseconds as ISO-8601 in UTC with milliseconds (`2023-11-14T22:13:20.123Z`); `-` for 0 ("not yet").
func isoTime(_ millis: Int) -> String {
    guard millis > 0 else { return "-" }
    // Whole seconds through the formatter, milliseconds by hand: a Double would round .123 down to .122.
    let seconds = Date(timeIntervalSince1970: TimeInterval(millis / 1000)).formatted(Date.ISO8601FormatStyle())
    let fraction = String(millis % 1000)
    return seconds.dropLast() + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
}
