public import BatonModel
import Foundation

/// Everything a decision may depend on besides the execution and the event: the clock,
/// fresh ids, randomness for jitter, the registered task definitions and the domains workers poll.
///
/// The engine fills it from the real world; tests fill it with fixed values, which is what
/// keeps ``Decider`` pure.
public struct Environment {
    /// The time of the decision, epoch milliseconds.
    public var now: Int
    /// Makes the ids of new task attempts.
    public var ids: any IDGenerator
    /// Draws jitter for retry delays.
    public var random: any RandomNumberGenerator
    /// The registered task definition of a name, if any.
    public var taskDefinition: (String) -> TaskDef?
    /// Runs the JavaScript and jq that definitions carry.
    public var scripts: any ScriptEvaluator
    /// The domains with active workers, for `taskToDomain` lists (``TaskDomains``).
    public var activeDomains: ActiveDomains

    public init(
        now: Int, ids: any IDGenerator, random: any RandomNumberGenerator,
        scripts: any ScriptEvaluator = NoScripts(), activeDomains: ActiveDomains = ActiveDomains(),
        taskDefinition: @escaping (String) -> TaskDef?
    ) {
        self.now = now
        self.ids = ids
        self.random = random
        self.scripts = scripts
        self.activeDomains = activeDomains
        self.taskDefinition = taskDefinition
    }
}

/// A source of unique ids.
public protocol IDGenerator {
    mutating func next() -> String
}

/// Random UUIDs, as Conductor uses for workflow and task ids.
public struct UUIDGenerator: IDGenerator {
    public init() {}

    public mutating func next() -> String {
        UUID().uuidString.lowercased()
    }
}

/// Ids `prefix-1`, `prefix-2`, ... for tests that want to name them in advance.
public struct SequentialIDGenerator: IDGenerator {
    public var prefix: String
    public private(set) var count = 0

    public init(prefix: String = "id") { self.prefix = prefix }

    public mutating func next() -> String {
        count += 1
        return "\(prefix)-\(count)"
    }
}
