public import ServiceLifecycle

/// Deletes change events older than the retention period, now and then. Several servers may run
/// it on one store: pruning by time is idempotent.
public struct ChangeRetentionService: Service {
    /// How often it prunes.
    public static let period = Duration.seconds(3600)

    let engine: Engine
    let retentionMillis: Int

    /// Keeps `retentionDays` days of change events.
    public init(engine: Engine, retentionDays: Int) {
        self.engine = engine
        retentionMillis = retentionDays * 86_400_000
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let cutoff = engine.clock.now() - retentionMillis
                    let deleted = try await engine.pruneChanges(before: cutoff)
                    if deleted > 0 { engine.logger.info("change log: deleted \(deleted) events older than the retention period") }
                } catch {
                    engine.logger.warning("change log retention: \(error)")
                }
                try await Task.sleep(for: Self.period)
            }
        }
    }
}
