public import BatonClient
import BatonModel
public import Logging
public import ServiceLifecycle

/// Runs workers against a Baton (or Conductor) server: each polls its task type, performs what it
/// receives and reports the outcome, until the service group shuts down. A server that cannot be
/// reached is polled again after a pause; a report that cannot be delivered is retried a few times
/// and then left to the task's response timeout, which gives the attempt to another worker.
public struct WorkerRunner: Service {
    let client: Client
    let workers: [Worker]
    let workerId: String
    let logger: Logger

    /// How long one poll waits on the server for a task.
    static let pollTimeoutMillis = 1000
    static let retryPause = Duration.seconds(1)

    public init(client: Client, workers: [Worker], workerId: String = "baton-worker", logger: Logger = Logger(label: "baton.worker")) {
        self.client = client
        self.workers = workers
        self.workerId = workerId
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for worker in workers {
                    for _ in 0..<worker.concurrency {
                        group.addTask { await self.loop(worker) }
                    }
                }
            }
        }
    }

    /// Polls and works one task at a time until cancelled.
    private func loop(_ worker: Worker) async {
        while !_Concurrency.Task.isCancelled {
            let tasks: [Task]
            do {
                tasks = try await client.pollBatch(
                    taskType: worker.taskType, workerId: workerId, count: 1, timeoutMillis: Self.pollTimeoutMillis)
            } catch {
                logger.warning("polling \(worker.taskType): \(error)")
                try? await _Concurrency.Task.sleep(for: Self.retryPause)
                continue
            }
            for task in tasks { await perform(task, with: worker) }
        }
    }

    private func perform(_ task: Task, with worker: Worker) async {
        let outcome: WorkerOutcome
        do {
            outcome = try await worker.execute(task)
        } catch {
            outcome = .failed(reason: "\(error)")
        }
        let result = outcome.result(for: task, workerId: workerId)
        for attempt in 1...3 {
            do {
                _ = try await client.updateTask(result)
                return
            } catch {
                logger.warning("reporting \(task.taskType) \(task.taskId) (attempt \(attempt)): \(error)")
                try? await _Concurrency.Task.sleep(for: Self.retryPause)
            }
        }
    }
}
