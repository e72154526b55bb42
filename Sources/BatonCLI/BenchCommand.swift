import ArgumentParser
import BatonClient
import BatonModel
import Foundation
import Synchronization

/// `baton bench`: starts workflows of three SIMPLE tasks on a running server, works them with
/// built-in HTTP workers, and reports throughput and the latency from task-ready to worker-received.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure a running server: workflows/s, tasks/s, task latency.")

    @Option(help: "How many workflows to run.")
    var workflows = 1000

    @Option(help: "How many concurrent worker loops poll the server.")
    var workers = 8

    @Option(help: "How many tasks one poll asks for.")
    var batch = 10

    @Option(name: .customLong("also"), help: ArgumentHelp(
        "Another server of the same cluster (repeatable); starts and workers are spread over all.", valueName: "url"))
    var otherServers: [String] = []

    @OptionGroup var options: ServerOptions

    public init() {}

    public func run() async throws {
        let workflows = workflows, workers = workers, batch = batch, otherServers = otherServers
        try await options.run { first, console in
            let clients = [first] + otherServers.map { Client(baseURL: $0, httpClient: first.httpClient) }
            let client = first
            let steps = ["bench_a", "bench_b", "bench_c"]
            try await client.registerWorkflowDef(
                WorkflowDef(name: "bench", version: 1, tasks: steps.map { WorkflowTask(name: $0, taskReferenceName: $0) }),
                overwrite: true)
            // Workers run while the workflows start, as they would in production.
            let expected = workflows * steps.count
            let recorder = LatencyRecorder()
            let started = ContinuousClock.now
            let startSeconds = try await withThrowingTaskGroup(of: Double?.self) { group in
                for worker in 0..<workers {
                    let taskType = steps[worker % steps.count]
                    let client = clients[worker % clients.count]
                    group.addTask {
                        try await Self.work(taskType, worker: worker, batch: batch, client: client, recorder: recorder, expected: expected)
                        return nil
                    }
                }
                group.addTask {
                    try await withThrowingTaskGroup(of: Void.self) { starters in
                        for offset in stride(from: 0, to: workflows, by: 50) {
                            let client = clients[(offset / 50) % clients.count]
                            starters.addTask {
                                for _ in offset..<min(offset + 50, workflows) {
                                    _ = try await client.startWorkflow(StartWorkflowRequest(name: "bench", version: 1, input: [:]))
                                }
                            }
                        }
                        try await starters.waitForAll()
                    }
                    return Self.seconds(started.duration(to: .now))
                }
                var startSeconds = 0.0
                for try await seconds in group { if let seconds { startSeconds = seconds } }
                return startSeconds
            }
            let elapsed = Self.seconds(started.duration(to: .now))
            let latencies = recorder.sorted()
            func percentile(_ p: Double) -> Int { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
            console.out("machine:          \(Self.machine())")
            console.out("workflows:        \(workflows) x 3 SIMPLE tasks, \(workers) workers, batch \(batch), \(clients.count) server(s)")
            console.out("start rate:       \(Self.rate(Double(workflows), startSeconds)) workflows/s (while workers run)")
            console.out("throughput:       \(Self.rate(Double(workflows), elapsed)) workflows/s, \(Self.rate(Double(latencies.count), elapsed)) task completions/s")
            console.out("ready→received:   p50 \(percentile(0.50)) ms, p99 \(percentile(0.99)) ms, max \(latencies.last ?? 0) ms")
            console.out("wall time:        \(String(format: "%.2f", elapsed)) s")
        }
    }

    /// One worker loop: poll, record latency, complete; ends when every task of the run is done.
    private static func work(
        _ taskType: String, worker: Int, batch: Int, client: Client, recorder: LatencyRecorder, expected: Int
    ) async throws {
        let steps = ["bench_a", "bench_b", "bench_c"]
        var type = taskType
        while recorder.count < expected {
            let tasks = try await client.pollBatch(taskType: type, workerId: "bench-\(worker)", count: batch, timeoutMillis: 100)
            let received = Int(Date().timeIntervalSince1970 * 1000)
            for task in tasks {
                recorder.record(received - (task.scheduledTime + task.callbackAfterSeconds * 1000))
                _ = try await client.updateTask(TaskResult(taskId: task.taskId, workflowInstanceId: task.workflowInstanceId, status: .completed))
            }
            if tasks.isEmpty { type = steps[(steps.firstIndex(of: type)! + 1) % steps.count] }
        }
    }

    /// A duration in seconds.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `count / seconds`, with one decimal.
    public static func rate(_ count: Double, _ seconds: Double) -> String {
        String(format: "%.1f", seconds > 0 ? count / seconds : 0)
    }

    /// The machine's cores, CPU model and memory, for benchmark reports.
    public static func machine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB"
    }
}

/// Latencies gathered by all worker loops.
final class LatencyRecorder: Sendable {
    private let samples = Mutex<[Int]>([])

    func record(_ millis: Int) { samples.withLock { $0.append(max(millis, 0)) } }
    var count: Int { samples.withLock { $0.count } }
    func sorted() -> [Int] { samples.withLock { $0.sorted() } }
}
