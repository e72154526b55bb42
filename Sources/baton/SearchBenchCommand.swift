import ArgumentParser
import BatonCLI
import BatonCore
import BatonModel
import BatonSQLite
import BatonStore
import Foundation
import Logging

/// `baton bench-search`: loads executions straight into a store, in big batches, then times
/// searches of them: by correlation id, by workflow type and status, and by free text.
struct SearchBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search",
        abstract: "Load executions into a store and time searches among them (no server needed).")

    @Option(help: "The store: sqlite:PATH or postgres://user:password@host:port/database (best a fresh one).")
    var database: String

    @Option(help: "How many executions to add before searching (0 searches what is there).")
    var load = 1_000_000

    @Option(help: "How many executions one commit batch (one transaction) holds.")
    var batch = 2_000

    @Option(help: "How many searches by correlation id to time.")
    var searches = 200

    @Option(help: "SQLite durability while loading.")
    var durability: SQLiteStore.Durability = .normal

    /// Workflow types of the loaded executions, one in `types.count` each.
    static let types = ["checkout", "refund", "restock", "invoice", "ship"]
    /// The task types of every loaded execution, in order.
    static let steps = ["reserve", "charge", "ship"]

    func run() async throws {
        var logger = Logger(label: "baton.bench")
        logger.logLevel = .warning
        let location: DatabaseLocation
        do { location = try DatabaseLocation(database) } catch { throw ValidationError("\(error)") }
        let (load, batch, searches) = (load, max(batch, 1), searches)
        try await location.withStore(durability: durability, logger: logger) { store in
            // Unbuffered, so that progress shows as it happens, also when written to a file.
            let console = { (line: String) in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
            console("machine:        \(BenchCommand.machine()); load average \(Self.loadAverage())")
            console("store:          \(location)")
            let before = try await store.search(ExecutionQuery(limit: 0)).totalHits
            if load > 0 {
                let started = ContinuousClock.now
                let template = Self.template()
                // Two batches in flight: one encodes while the other writes.
                try await withThrowingTaskGroup(of: Int.self) { group in
                    var done = 0
                    func finishOne() async throws {
                        guard let count = try await group.next() else { return }
                        done += count
                        if done % 100_000 < count || done == load {
                            let seconds = BenchCommand.seconds(started.duration(to: .now))
                            console("loaded:         \(done) executions in \(String(format: "%.0f", seconds)) s (\(BenchCommand.rate(Double(done), seconds))/s)")
                        }
                    }
                    for (index, first) in stride(from: before, to: before + load, by: batch).enumerated() {
                        if index >= 2 { try await finishOne() }
                        group.addTask {
                            let commits = (first..<min(first + batch, before + load)).map { Self.commit(number: $0, template: template) }
                            guard try await store.commit(commits).allSatisfy({ $0 != .conflict }) else {
                                throw ValidationError("a loaded execution conflicted: is the store fresh?")
                            }
                            return commits.count
                        }
                    }
                    while done < load { try await finishOne() }
                }
                console("JSON per execution: \(try JSONText.encode(Self.commit(number: 0, template: template).workflow).utf8.count) bytes")
            }
            let total = before + load
            console("executions:     \(total)")
            guard total > 0 else { throw ValidationError("the store holds no executions to search: --load some") }

            let byCorrelation = try await Self.time(searches) { _ in "correlationId = 'order-\(Int.random(in: 0..<total))'" } search: { text in
                try await store.search(ExecutionQuery(try SearchQueryParser.parse(text))).totalHits
            }
            console("by correlation id:         \(byCorrelation)")
            // Every running execution is a checkout and every failed one a refund (see `commit`): 5% each.
            let byTypeAndStatus = try await Self.time(20) { round in
                round % 2 == 0 ? "workflowType = checkout AND status IN (RUNNING, PAUSED)" : "workflowType = refund AND status = FAILED"
            } search: { text in try await store.search(ExecutionQuery(try SearchQueryParser.parse(text))).totalHits }
            console("by workflowType + status:  \(byTypeAndStatus)")
            // The customer's name in quotes, so that customer-12 does not match customer-123 too.
            let byFreeText = try await Self.time(3) { _ in "\"customer-\(Int.random(in: 0..<max(total / 10, 1)))\"" } search: { text in
                try await store.search(ExecutionQuery(freeText: text)).totalHits
            }
            console("by freeText (full scan):   \(byFreeText)")
            // What a poll-time limit asks: attempts of a type in progress, and started in the last minute.
            let lastStart = 1_700_000_000_000 + (total - 1) * 1000
            let counts = try await Self.time(20) { round in Self.steps[round % Self.steps.count] } search: { taskType in
                try await store.taskCounts(taskType: taskType, since: lastStart - 60_000).startedSince
            }
            console("task counts (type, since): \(counts)")
        }
    }

    /// Runs `count` searches, each answering how many it found, and describes their latencies and hits.
    static func time(_ count: Int, _ query: (Int) -> String, search: (String) async throws -> Int) async throws -> String {
        var millis: [Double] = []
        var hits = 0
        for round in 0..<count {
            let text = query(round)
            let started = ContinuousClock.now
            hits += try await search(text)
            millis.append(BenchCommand.seconds(started.duration(to: .now)) * 1000)
        }
        millis.sort()
        func percentile(_ p: Double) -> String {
            String(format: "%.2f", millis.isEmpty ? 0 : millis[min(millis.count - 1, Int(Double(millis.count) * p))])
        }
        return "\(count) searches, p50 \(percentile(0.5)) ms, p99 \(percentile(0.99)) ms, max \(percentile(1)) ms, \(hits / max(count, 1)) hits each on average"
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "unknown"
    }

    /// An execution of three tasks, ended or not, with input and output of a realistic order.
    static func template() -> Workflow {
        let definition = WorkflowDef(name: types[0], version: 1, tasks: Self.steps.map { WorkflowTask(name: $0, taskReferenceName: $0) })
        var workflow = Workflow.starting(StartWorkflowRequest(name: types[0]), definition: definition, id: "", now: 0)
        workflow.tasks = definition.tasks.enumerated().map { index, step in
            Task(
                taskId: "", taskType: step.name, taskDefName: step.name, referenceTaskName: step.taskReferenceName,
                status: .completed, inputData: [:], workflowInstanceId: "", workflowType: definition.name, correlationId: nil,
                seq: index + 1, scheduledTime: 0, workflowTask: step)
        }
        return workflow
    }

    /// The commit that creates execution `number`: its type, status, ids and data derived from the number.
    static func commit(number: Int, template: Workflow) -> Commit {
        var workflow = template
        let id = "bench-\(number)"
        let time = 1_700_000_000_000 + number * 1000
        workflow.workflowId = id
        workflow.workflowName = types[number % types.count]
        workflow.correlationId = "order-\(number)"
        workflow.startTime = time
        workflow.updateTime = time + 900
        workflow.status = number % 20 == 0 ? .running : number % 20 == 1 ? .failed : .completed
        workflow.endTime = workflow.status == .running ? 0 : time + 900
        let lines: [JSONValue] = (0..<3).map { line in
            ["sku": .string("SKU-\(number % 5000)-\(line)"), "quantity": .int(Int64(line + 1)), "price": 19.99]
        }
        workflow.input = [
            "orderId": .string("order-\(number)"), "customer": .string("customer-\(number / 10)"), "lines": .array(lines),
            "address": ["street": .string("\(number % 997) Main Street"), "city": "Springfield", "zip": .string("\(10000 + number % 89999)")],
        ]
        workflow.output = workflow.status == .completed ? ["receipt": .string("r-\(number)"), "tracking": .string("TRK\(number)")] : [:]
        for index in workflow.tasks.indices {
            workflow.tasks[index].taskId = "\(id)-\(index)"
            workflow.tasks[index].workflowInstanceId = id
            workflow.tasks[index].workflowType = workflow.workflowName
            workflow.tasks[index].correlationId = workflow.correlationId
            workflow.tasks[index].inputData = ["orderId": .string("order-\(number)"), "lines": .array(lines)]
            workflow.tasks[index].outputData = ["ok": true, "reference": .string("\(workflow.tasks[index].taskType)-\(number)")]
            workflow.tasks[index].scheduledTime = time + index * 300
            workflow.tasks[index].startTime = time + index * 300 + 10
            workflow.tasks[index].endTime = time + index * 300 + 250
            workflow.tasks[index].updateTime = time + index * 300 + 250
        }
        return Commit(workflow: workflow, expectedRevision: nil, wakeAt: nil, changes: [])
    }
}
