import BatonStore
import ServiceLifecycle

/// Rings in this process the wake-ups that other servers' commits announce through a shared store,
/// so that a worker long-polling here gets a task another server scheduled at once.
struct WakeUpListener: Service {
    let engine: Engine

    func run() async throws {
        let engine = engine
        do {
            try await cancelWhenGracefulShutdown {
                try await engine.store.listen { key in engine.ring(key) }
            }
        } catch is CancellationError {
            return
        }
    }
}
