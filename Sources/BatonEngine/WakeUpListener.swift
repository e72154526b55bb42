import BatonStore
import ServiceLifecycle

/// Rings in this process the wake-ups that other servers' commits announce through a shared store,
/// so that a worker long-polling here gets a task another server scheduled at once.
struct WakeUpListener: Service {
    let engine: Engine

    func run() async throws {
        let signals = engine.signals
        do {
            try await cancelWhenGracefulShutdown {
                try await engine.store.listen { key in signals.ring(key) }
            }
        } catch is CancellationError {
            return
        }
    }
}
