public import BatonModel
public import BatonStore
import PostgresNIO

/// Event handlers, and the durable change-log cursors their processing (and any other reader
/// that must resume where it stopped) follows under a lease.
extension PostgresStore {
    public func addEventHandler(_ handler: EventHandler) async throws(StoreError) {
        let json = try JSONText.encode(handler)
        let inserted = try await rows(
            """
            INSERT INTO event_handlers (name, event, definition) VALUES (\(handler.name), \(handler.event), \(json)::jsonb)
            ON CONFLICT DO NOTHING RETURNING name
            """)
        if inserted.isEmpty { throw .conflict("EventHandler with name \(handler.name) already exists!") }
    }

    public func updateEventHandler(_ handler: EventHandler) async throws(StoreError) -> Bool {
        let json = try JSONText.encode(handler)
        return try await !rows(
            """
            UPDATE event_handlers SET event = \(handler.event), definition = \(json)::jsonb
            WHERE name = \(handler.name) RETURNING name
            """
        ).isEmpty
    }

    public func eventHandlers() async throws(StoreError) -> [EventHandler] {
        try await fetch("SELECT definition::text FROM event_handlers ORDER BY name") { try $0.decode(String.self) }
            .map { json throws(StoreError) in try JSONText.decode(EventHandler.self, from: json) }
    }

    public func deleteEventHandler(named name: String) async throws(StoreError) -> Bool {
        try await !rows("DELETE FROM event_handlers WHERE name = \(name) RETURNING name").isEmpty
    }

    public func claimChangeCursor(name: String, owner: String, now: Int, leaseMillis: Int) async throws(StoreError) -> Int64? {
        let claimed = try await transaction { connection in
            try await connection.rows(
                """
                INSERT INTO change_cursors (name, cursor)
                SELECT \(name), GREATEST((SELECT COALESCE(MAX(seq), 0) FROM change_log), pruned_through) FROM change_log_state
                ON CONFLICT DO NOTHING
                """, logger: logger)
            return try await connection.rows(
                """
                UPDATE change_cursors SET lease_owner = \(owner), leased_until = \(now + leaseMillis)
                WHERE name = \(name) AND (lease_owner IS NULL OR lease_owner = \(owner) OR leased_until < \(now))
                RETURNING cursor
                """, logger: logger)
        }
        return try Self.read(claimed) { try $0.decode(Int64.self) }.first
    }

    public func moveChangeCursor(name: String, owner: String, to sequence: Int64?, leasedUntil: Int) async throws(StoreError) -> Bool {
        try await !rows(
            """
            UPDATE change_cursors SET cursor = COALESCE(\(sequence), cursor), leased_until = \(leasedUntil)
            WHERE name = \(name) AND lease_owner = \(owner) RETURNING name
            """
        ).isEmpty
    }

    public func releaseChangeCursor(name: String, owner: String) async throws(StoreError) {
        try await rows(
            "UPDATE change_cursors SET lease_owner = NULL, leased_until = 0 WHERE name = \(name) AND lease_owner = \(owner)")
    }
}
