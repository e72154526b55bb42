public import BatonModel

/// The retry rules of a task definition: how many attempts, and how long before the next one.
public struct RetryPolicy: Sendable, Hashable {
    public var retryCount: Int
    public var logic: RetryLogic
    public var delaySeconds: Int
    public var backoffScaleFactor: Int
    /// Caps the computed delay when positive.
    public var maxDelaySeconds: Int
    /// Adds a random 0...jitterMs milliseconds to each delay when positive.
    public var jitterMs: Int

    public init(definition: TaskDef, step: WorkflowTask) {
        retryCount = step.retryCount ?? definition.retryCount ?? 3
        logic = definition.retryLogic ?? .fixed
        delaySeconds = definition.retryDelaySeconds ?? 60
        backoffScaleFactor = definition.backoffScaleFactor ?? 1
        maxDelaySeconds = definition.maxRetryDelaySeconds ?? 0
        jitterMs = definition.backoffJitterMs ?? 0
    }

    /// Whether an attempt numbered `retryCount` (0 for the first) may be followed by another.
    public func allowsRetry(after retryCount: Int) -> Bool {
        retryCount < self.retryCount
    }

    /// The delay in seconds before the attempt after `retryCount`, without jitter.
    public func delaySeconds(after retryCount: Int) -> Int {
        let delay: Int
        switch logic {
        case .fixed:
            delay = delaySeconds
        case .linearBackoff:
            delay = Self.saturating(delaySeconds, backoffScaleFactor, retryCount + 1)
        case .exponentialBackoff:
            let factor = retryCount >= 62 ? Int.max : 1 << retryCount
            delay = Self.saturating(delaySeconds, factor)
        }
        return maxDelaySeconds > 0 ? min(delay, maxDelaySeconds) : delay
    }

    /// The delay in milliseconds before the attempt after `retryCount`, jitter drawn from `random`.
    public func delayMilliseconds(after retryCount: Int, random: inout some RandomNumberGenerator) -> Int {
        let base = Self.saturating(delaySeconds(after: retryCount), 1000)
        guard jitterMs > 0 else { return base }
        return base + Int.random(in: 0...jitterMs, using: &random)
    }

    private static func saturating(_ factors: Int...) -> Int {
        factors.reduce(1) { product, factor in
            let (result, overflow) = product.multipliedReportingOverflow(by: factor)
            return overflow ? Int.max / 2 : result
        }
    }
}
