import Synchronization

/// Lets one task at a time work on each key; the others wait their turn, in order.
///
/// The engine decides on one execution at a time in this process: concurrent events on one
/// execution (a batch poll of many fork branches, many branches completing at once) would
/// otherwise all decide on the same revision and all but one lose, again and again. Other
/// servers can still race; the revision check settles that.
final class KeyedLock: Sendable {
    private struct State {
        /// The waiters of each held key; a key is held while it has an entry.
        var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let state = Mutex(State())

    func withLock<T, E: Error>(_ key: String, _ body: () async throws(E) -> T) async throws(E) -> T {
        await acquire(key)
        do {
            let value = try await body()
            release(key)
            return value
        } catch {
            release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let free = state.withLock { state -> Bool in
                guard state.waiters[key] != nil else {
                    state.waiters[key] = []
                    return true
                }
                state.waiters[key]!.append(continuation)
                return false
            }
            if free { continuation.resume() }
        }
    }

    private func release(_ key: String) {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard var queue = state.waiters[key], !queue.isEmpty else {
                state.waiters.removeValue(forKey: key)
                return nil
            }
            let next = queue.removeFirst()
            state.waiters[key] = queue
            return next
        }
        next?.resume()
    }
}
