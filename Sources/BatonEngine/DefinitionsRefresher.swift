import BatonStore
import ServiceLifecycle

/// Keeps the engine's task definitions in step with the store when other servers change them:
/// at once when a shared store announces a change, and every few seconds in any case, in case an
/// announcement was missed while a connection was down.
struct DefinitionsRefresher: Service {
    static let period = Duration.seconds(10)

    let engine: Engine

    func run() async throws {
        // Waiting is cancelled at shutdown rather than waited out.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await engine.signals.wait(WakeUp.definitions, timeout: Self.period)
                guard !Task.isCancelled else { return }
                do {
                    try await engine.reloadTaskDefinitions()
                } catch {
                    engine.logger.warning("reloading task definitions: \(error)")
                }
            }
        }
    }
}
