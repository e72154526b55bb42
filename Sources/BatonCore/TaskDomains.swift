import Foundation

/// Conductor's task domains: a workflow's `taskToDomain` maps a task type (or `"*"`, every task
/// type) to a comma-separated list of domains, such as `"mydomain,otherdomain,NO_DOMAIN"`.
///
/// A step is queued in the first domain of its list in which a worker of its type polls
/// (``ActiveDomains``); when none does, in the last domain of the list, or in no domain when the
/// last is `NO_DOMAIN`. A list of one domain is that domain, whoever polls.
public enum TaskDomains {
    /// The list entry that stands for the queue without a domain.
    public static let noDomain = "NO_DOMAIN"

    /// The domain a new attempt of `taskType` is queued in; `nil` for the queue without a domain.
    ///
    /// The task type's own entry wins over `"*"`, as in Conductor, where `"*"` is applied first
    /// and then overridden.
    public static func domain(
        for taskType: String, in taskToDomain: [String: String], active: ActiveDomains
    ) -> String? {
        guard let list = taskToDomain[taskType] ?? taskToDomain["*"] else { return nil }
        let domains = entries(of: list)
        if let first = domains.first(where: { !isNoDomain($0) && active.contains($0, taskType: taskType) }) {
            return first
        }
        guard let last = domains.last, !isNoDomain(last) else { return nil }
        return last
    }

    /// Whether resolving `taskToDomain` depends on which workers poll: some entry lists more than
    /// one domain.
    public static func dependsOnWorkers(_ taskToDomain: [String: String]) -> Bool {
        taskToDomain.values.contains { entries(of: $0).count > 1 }
    }

    private static func entries(of list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func isNoDomain(_ domain: String) -> Bool {
        domain.caseInsensitiveCompare(noDomain) == .orderedSame
    }
}

/// The domains in which workers of each task type polled lately (Conductor's active workers:
/// a poll within the last 10 seconds). Polls without a domain do not count: `NO_DOMAIN` needs no
/// worker to be chosen.
public struct ActiveDomains: Sendable, Hashable {
    /// The last poll time (epoch milliseconds) of each domain of each task type.
    public var lastPolls: [String: [String: Int]]
    /// Polls at or before this time do not make a domain active.
    public var cutoff: Int

    public init(lastPolls: [String: [String: Int]] = [:], cutoff: Int = 0) {
        self.lastPolls = lastPolls
        self.cutoff = cutoff
    }

    public func contains(_ domain: String, taskType: String) -> Bool {
        (lastPolls[taskType]?[domain] ?? .min) > cutoff
    }
}
