import BatonCore
import BatonModel
import ServiceLifecycle

/// Runs the system tasks that wait in a queue (HTTP): claims them from the store as a worker
/// would, through ``Engine/poll(taskType:domain:workerId:count:timeout:)``, performs each and
/// reports the outcome through ``Engine/update(_:)``, so that leases, response timeouts and
/// retries apply to them as to any worker's task.
struct SystemTaskRunner: Service {
    /// How many calls run at once; a batch is polled when the previous one has been reported.
    static let batchSize = 8
    static let workerId = "baton-system-task-runner"

    let engine: Engine
    let http: any HTTPPerformer

    func run() async throws {
        while _Concurrency.Task.keepsRunning {
            do {
                let tasks = try await engine.poll(
                    taskType: TaskType.http.rawValue, domain: nil, workerId: Self.workerId, count: Self.batchSize,
                    timeout: .seconds(1))
                await withTaskGroup(of: Void.self) { group in
                    for task in tasks { group.addTask { await execute(task) } }
                }
            } catch {
                engine.logger.error("system task runner: \(error)")
                try? await _Concurrency.Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Performs one HTTP attempt and reports it.
    private func execute(_ task: BatonModel.Task) async {
        var result = TaskResult(taskId: task.taskId, workflowInstanceId: task.workflowInstanceId, status: .completed)
        result.workerId = Self.workerId
        do {
            let call = try HTTPCall(input: task.inputData)
            do {
                let outcome = HTTPCall.result(of: try await http.perform(call))
                result.status = outcome.status
                result.outputData = outcome.output
                result.reasonForIncompletion = outcome.reason
            } catch {
                result.status = .failed
                result.reasonForIncompletion = "HTTP \(call.method) \(call.uri) failed: \(error)"
            }
        } catch {
            result.status = .failedWithTerminalError
            result.reasonForIncompletion = error.message
        }
        do {
            try await engine.update(result)
        } catch {
            engine.logger.warning("reporting HTTP task \(task.taskId): \(error)")
        }
    }
}
