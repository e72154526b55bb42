import Synchronization

/// Set once, at shutdown: what a graceful-shutdown handler tells a wait that it must end.
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Whether ``stop()`` was called.
    public var isStopped: Bool { flag.load(ordering: .relaxed) }

    /// Sets the flag.
    public func stop() { flag.store(true, ordering: .relaxed) }
}
