import Synchronization

/// Tells every reader of the change log that it grew: each ring moves a generation counter on
/// and wakes all waiters. A reader notes the generation before it reads the log and waits for a
/// later one, so that no ring between its read and its wait is lost, however many readers there are.
final class ChangeBell: Sendable {
    private enum Entry {
        case parked(CheckedContinuation<Void, Never>)
        /// Woken, or never needed to park.
        case finished
        /// The wait ended before its continuation parked: it must not park.
        case abandoned
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [Int: Entry] = [:]
        var nextId = 0
    }

    private let state = Mutex(State())

    /// The current generation.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Moves the generation on and wakes every waiter.
    func ring() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            var waiters: [CheckedContinuation<Void, Never>] = []
            for (id, entry) in state.entries {
                if case .parked(let continuation) = entry {
                    waiters.append(continuation)
                    state.entries[id] = .finished
                }
            }
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until the generation is past `generation`, `timeout` passes or the task is cancelled.
    func wait(after generation: UInt64, timeout: Duration) async {
        let id = state.withLock { state -> Int? in
            guard state.generation == generation else { return nil }
            state.nextId += 1
            return state.nextId
        }
        guard let id else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let parked = self.state.withLock { state -> Bool in
                        if case .abandoned = state.entries[id] {
                            state.entries[id] = nil
                            return false
                        }
                        guard state.generation == generation else {
                            state.entries[id] = .finished
                            return false
                        }
                        state.entries[id] = .parked(continuation)
                        return true
                    }
                    if !parked { continuation.resume() }
                }
            }
            group.addTask { try? await _Concurrency.Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            let parked = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                switch state.entries.removeValue(forKey: id) {
                case .parked(let continuation): return continuation
                case .finished, .abandoned: return nil
                case nil:
                    state.entries[id] = .abandoned
                    return nil
                }
            }
            parked?.resume()
        }
    }
}
