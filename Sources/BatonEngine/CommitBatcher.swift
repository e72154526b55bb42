import BatonStore
import ServiceLifecycle
import Synchronization

/// Group commit: gathers the commits that arrive while the store is busy and writes them in one
/// transaction, so the database's commit rate, not a round trip per step, bounds throughput.
final class CommitBatcher: Service, Sendable {
    private struct Pending {
        var commit: Commit
        var continuation: CheckedContinuation<CommitOutcome, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var stopped = false
    }

    private let store: any Store
    private let maxBatch: Int
    private let state = Mutex(State())
    private let signals = Signals()

    init(store: any Store, maxBatch: Int = 256) {
        self.store = store
        self.maxBatch = maxBatch
    }

    /// Commits `commit` with whatever else is waiting, and answers how it ended.
    func submit(_ commit: Commit) async throws(EngineError) -> CommitOutcome {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let accepted = state.withLock { state in
                    guard !state.stopped else { return false }
                    state.pending.append(Pending(commit: commit, continuation: continuation))
                    return true
                }
                if accepted {
                    signals.ring("commit")
                } else {
                    continuation.resume(throwing: EngineError.unavailable("the server is shutting down"))
                }
            }
        } catch let error as EngineError {
            throw error
        } catch let error as StoreError {
            throw EngineError(error)
        } catch {
            throw .unavailable("\(error)")
        }
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            while true {
                let batch = state.withLock { state -> [Pending] in
                    let batch = Array(state.pending.prefix(maxBatch))
                    state.pending.removeFirst(batch.count)
                    return batch
                }
                if batch.isEmpty {
                    // A cancelled group (another service failed) stops it as a graceful shutdown does.
                    if state.withLock({ $0.stopped = $0.stopped || _Concurrency.Task.isCancelled; return $0.stopped }) { return }
                    await signals.wait("commit", timeout: .seconds(1))
                    continue
                }
                await write(batch)
            }
        } onGracefulShutdown: {
            self.state.withLock { $0.stopped = true }
            self.signals.ring("commit")
        }
    }

    private func write(_ batch: [Pending]) async {
        do {
            let outcomes = try await store.commit(batch.map(\.commit))
            for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(returning: outcome) }
        } catch {
            for pending in batch { pending.continuation.resume(throwing: error) }
        }
    }
}
