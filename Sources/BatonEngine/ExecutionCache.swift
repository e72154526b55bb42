import BatonStore
import Synchronization

/// Executions as this engine last committed them, so that the next decision on one need not read
/// and decode it again.
///
/// An entry may be stale when another server changed the execution: a commit decided on it then
/// fails its revision check, and the engine decides again on what the store holds. Refusals and
/// no-ops decided on a cached copy are checked against the store before they are answered.
final class ExecutionCache: Sendable {
    private struct State {
        var entries: [String: (execution: StoredExecution, lastUse: UInt64)] = [:]
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func get(_ workflowId: String) -> StoredExecution? {
        state.withLock { state in
            guard let entry = state.entries[workflowId] else { return nil }
            state.clock += 1
            state.entries[workflowId]?.lastUse = state.clock
            return entry.execution
        }
    }

    func put(_ execution: StoredExecution) {
        state.withLock { state in
            state.clock += 1
            state.entries[execution.workflow.workflowId] = (execution, state.clock)
            guard state.entries.count > capacity else { return }
            // Evict the least recently used tenth at once, so eviction stays cheap on average.
            let victims = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(max(capacity / 10, 1))
            for (id, _) in victims { state.entries.removeValue(forKey: id) }
        }
    }

    func remove(_ workflowId: String) {
        _ = state.withLock { $0.entries.removeValue(forKey: workflowId) }
    }
}
