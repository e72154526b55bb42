import BatonStore
import Logging
import PostgresNIO

/// Wake-ups between servers: a commit's `NOTIFY` reaches every server's `LISTEN` when it commits.
extension PostgresStore {
    /// The channel wake-ups travel on.
    static let wakeUpChannel = "baton_wake_up"

    /// Queues the wake-ups of a batch; PostgreSQL delivers them when the transaction commits, and
    /// not at all when it rolls back.
    func notify(_ keys: [String], on connection: PostgresConnection) async throws {
        guard !keys.isEmpty else { return }
        try await connection.rows(
            "SELECT pg_notify(\(Self.wakeUpChannel), key) FROM unnest(\(keys)::text[]) AS key", logger: logger)
    }

    /// Listens on a connection of its own and hands every wake-up to `wake`, reconnecting after a
    /// lost connection, until cancelled.
    public func listen(for wake: @escaping @Sendable (String) -> Void) async throws {
        var delay = Duration.milliseconds(100)
        while true {
            try Task.checkCancellation()
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: try url.connectionConfiguration(), id: 1, logger: logger)
                delay = .milliseconds(100)
                do {
                    try await connection.listen(on: Self.wakeUpChannel) { notifications in
                        for try await notification in notifications { wake(notification.payload) }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                logger.warning("listening for wake-ups from other servers: \(error); retrying in \(delay)")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
