import BatonStore
import Logging
import ServiceLifecycle

/// Wakes executions whose deadlines have passed (timeouts, response timeouts), by claiming them
/// from the store so that several timer loops, on one server or many, never wake one twice.
struct TimerService: Service {
    /// The longest the loop sleeps without looking at the store.
    static let idlePeriodMillis = 1000
    /// How long a claimed execution is left to its claimer before another loop may take it.
    static let claimLeaseMillis = 60_000
    static let batchSize = 64

    let engine: Engine

    func run() async throws {
        while Task.keepsRunning {
            do {
                let now = engine.clock.now()
                let due = try await engine.store.claimDueExecutions(
                    now: now, leaseMillis: Self.claimLeaseMillis, limit: Self.batchSize)
                await withTaskGroup(of: Void.self) { group in
                    for id in due {
                        group.addTask { await wake(id) }
                    }
                }
                if due.count == Self.batchSize { continue }
                let next = try await engine.store.nextWakeUp() ?? Int.max
                let sleep = min(max(next - engine.clock.now(), 0), Self.idlePeriodMillis)
                if sleep > 0 { await engine.signals.wait(WakeUp.timers, timeout: .milliseconds(sleep)) }
            } catch {
                engine.logger.error("timer loop: \(error)")
                await engine.signals.wait(WakeUp.timers, timeout: .milliseconds(Self.idlePeriodMillis))
            }
        }
    }

    private func wake(_ workflowId: String) async {
        do {
            try await engine.apply(.timer, to: workflowId, always: true)
        } catch {
            engine.logger.warning("waking workflow \(workflowId): \(error)")
        }
    }
}
