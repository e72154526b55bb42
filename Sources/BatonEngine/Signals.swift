import Synchronization

/// Wakes tasks waiting on a key: long-polls on a queue, a service loop with new work.
///
/// A ring with nobody waiting is remembered, and the next wait on that key returns at once:
/// a caller that checks for work and then waits never sleeps through work that arrived
/// in between. Callers re-check their condition after every wake.
final class Signals: Sendable {
    private enum Entry {
        case waiting(key: String, CheckedContinuation<Void, Never>)
        /// Released before it parked: park must not wait.
        case released
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var keys: [String: Set<Int>] = [:]
        var nextId = 0
        /// Keys rung while nobody waited on them. Most keys (an execution's) are rung on every
        /// commit and rarely waited on, so the set is bounded: past the bound it is forgotten,
        /// which costs a waiter at most one timeout, as if the ring had never been remembered.
        var unheard: Set<String> = []
    }

    private let state = Mutex(State())
    static let unheardLimit = 4096

    /// Wakes everyone waiting on `key`.
    func ring(_ key: String) {
        let continuations = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard let ids = state.keys.removeValue(forKey: key), !ids.isEmpty else {
                if state.unheard.count >= Signals.unheardLimit { state.unheard.removeAll(keepingCapacity: true) }
                state.unheard.insert(key)
                return []
            }
            return ids.compactMap { id in
                guard case .waiting(_, let continuation) = state.entries.removeValue(forKey: id) else { return nil }
                return continuation
            }
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Waits until `key` is rung, `timeout` passes or the task is cancelled.
    func wait(_ key: String, timeout: Duration) async {
        let id = state.withLock { state -> Int? in
            if state.unheard.remove(key) != nil { return nil }
            state.nextId += 1
            return state.nextId
        }
        guard let id else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.park(key, id) }
            group.addTask {
                try? await _Concurrency.Task.sleep(for: timeout)
                self.release(id)
            }
            await group.next()
            group.cancelAll()
            self.release(id)
        }
        state.withLock { _ = $0.entries.removeValue(forKey: id) }
    }

    private func park(_ key: String, _ id: Int) async {
        await withCheckedContinuation { continuation in
            let alreadyReleased = state.withLock { state in
                if case .released = state.entries[id] { return true }
                state.entries[id] = .waiting(key: key, continuation)
                state.keys[key, default: []].insert(id)
                return false
            }
            if alreadyReleased { continuation.resume() }
        }
    }

    private func release(_ id: Int) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard case .waiting(let key, let continuation) = state.entries[id] else {
                state.entries[id] = .released
                return nil
            }
            state.entries[id] = .released
            state.keys[key]?.remove(id)
            if state.keys[key]?.isEmpty == true { state.keys.removeValue(forKey: key) }
            return continuation
        }
        continuation?.resume()
    }
}
