import BatonCore
import BatonStore
import Synchronization

/// The last poll of each task type in each domain, for resolving `taskToDomain` lists.
///
/// This server's own polls are noted at once; other servers' polls reach it through the store's
/// poll data, read at most once per ``refreshMillis`` and only for a decision that needs them.
final class ActiveWorkers: Sendable {
    /// How recent a poll must be for its domain to count as having an active worker
    /// (Conductor's `activeWorkerLastPollTimeout`, 10 s).
    static let windowMillis = 10_000
    /// How old the store's poll data may be when a decision consults it.
    static let refreshMillis = 1_000

    private struct State {
        var lastPolls: [String: [String: Int]] = [:]
        var readAt: Int?

        mutating func note(taskType: String, domain: String?, time: Int) {
            guard let domain else { return }
            lastPolls[taskType, default: [:]][domain] = max(lastPolls[taskType]?[domain] ?? 0, time)
        }
    }

    private let state = Mutex(State())

    /// Notes a poll in `domain` (none for the queue without a domain).
    func record(taskType: String, domain: String?, time: Int) {
        state.withLock { $0.note(taskType: taskType, domain: domain, time: time) }
    }

    /// Whether the poll data was last read from the store more than ``refreshMillis`` before `now`.
    func isStale(at now: Int) -> Bool {
        state.withLock { state in state.readAt.map { now - $0 > Self.refreshMillis } ?? true }
    }

    /// Takes in the store's poll data, read at `now`.
    func merge(_ polls: [PollData], readAt now: Int) {
        state.withLock { state in
            for poll in polls { state.note(taskType: poll.queueName, domain: poll.domain, time: poll.lastPollTime) }
            state.readAt = now
        }
    }

    /// The domains with active workers at `now`.
    func domains(at now: Int) -> ActiveDomains {
        ActiveDomains(lastPolls: state.withLock { $0.lastPolls }, cutoff: now - Self.windowMillis)
    }
}
