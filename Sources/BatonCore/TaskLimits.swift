public import BatonModel

/// A task definition's limits on handing attempts to workers, as Conductor defines them:
/// `concurrentExecLimit` caps the attempts of the task type IN_PROGRESS at once, and
/// `rateLimitPerFrequency` caps the attempts that start in any `rateLimitFrequencyInSeconds`
/// window. An attempt held back stays SCHEDULED in its queue and is handed out later.
public struct TaskLimits: Sendable, Hashable {
    /// At most this many attempts IN_PROGRESS at once.
    public var concurrent: Int?
    /// At most this many attempts started per window.
    public var perWindow: Int?
    /// The rate window, milliseconds.
    public var windowMillis: Int

    /// The limits `definition` sets; `nil` when it sets none (0 is no limit, as in Conductor).
    public init?(_ definition: TaskDef) {
        let concurrent = definition.concurrentExecLimit ?? 0
        let perWindow = definition.rateLimitPerFrequency ?? 0
        let window = definition.rateLimitFrequencyInSeconds ?? 1
        self.concurrent = concurrent > 0 ? concurrent : nil
        self.perWindow = perWindow > 0 && window > 0 ? perWindow : nil
        windowMillis = max(window, 0) * 1000
        if self.concurrent == nil, self.perWindow == nil { return nil }
    }

    /// The oldest start time that counts against the rate at `now`: the window is the last
    /// `rateLimitFrequencyInSeconds` up to `now`, sliding as in Conductor.
    public func windowStart(at now: Int) -> Int {
        now - windowMillis + 1
    }

    /// How many of `requested` attempts may be handed out now, given the attempts of the type
    /// IN_PROGRESS and those started since ``windowStart(at:)``.
    public func allowance(_ requested: Int, inProgress: Int, startedInWindow: Int) -> Int {
        var allowed = requested
        if let concurrent { allowed = min(allowed, concurrent - inProgress) }
        if let perWindow { allowed = min(allowed, perWindow - startedInWindow) }
        return max(allowed, 0)
    }
}
