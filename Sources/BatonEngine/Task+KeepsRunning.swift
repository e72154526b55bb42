import ServiceLifecycle

extension _Concurrency.Task where Success == Never, Failure == Never {
    /// Whether a service's loop goes on: neither a graceful shutdown nor a cancellation (a
    /// service group cancels its services when one of them fails, e.g. a port already taken).
    static var keepsRunning: Bool { !isShuttingDownGracefully && !isCancelled }
}
