public import BatonModel
public import BatonStore
import GRDB

/// Event handlers, and the durable change-log cursors their processing (and any other reader
/// that must resume where it stopped) follows under a lease.
extension SQLiteStore {
    public func addEventHandler(_ handler: EventHandler) async throws(StoreError) {
        let json = try JSONText.encode(handler)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO event_handlers (name, event, definition) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [handler.name, handler.event, json])
            if db.changesCount == 0 { throw StoreError.conflict("EventHandler with name \(handler.name) already exists!") }
        }
    }

    public func updateEventHandler(_ handler: EventHandler) async throws(StoreError) -> Bool {
        let json = try JSONText.encode(handler)
        return try await write { db in
            try db.execute(
                sql: "UPDATE event_handlers SET event = ?, definition = ? WHERE name = ?",
                arguments: [handler.event, json, handler.name])
            return db.changesCount > 0
        }
    }

    public func eventHandlers() async throws(StoreError) -> [EventHandler] {
        let rows = try await read { db in try String.fetchAll(db, sql: "SELECT definition FROM event_handlers ORDER BY name") }
        return try rows.map { json throws(StoreError) in try JSONText.decode(EventHandler.self, from: json) }
    }

    public func deleteEventHandler(named name: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM event_handlers WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func claimChangeCursor(name: String, owner: String, now: Int, leaseMillis: Int) async throws(StoreError) -> Int64? {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO change_cursors (name, cursor)
                    SELECT ?, MAX((SELECT COALESCE(MAX(seq), 0) FROM change_log), pruned_through) FROM change_log_state
                    """,
                arguments: [name])
            return try Int64.fetchOne(
                db,
                sql: """
                    UPDATE change_cursors SET lease_owner = ?, leased_until = ?
                    WHERE name = ? AND (lease_owner IS NULL OR lease_owner = ? OR leased_until < ?)
                    RETURNING cursor
                    """,
                arguments: [owner, now + leaseMillis, name, owner, now])
        }
    }

    public func moveChangeCursor(name: String, owner: String, to sequence: Int64?, leasedUntil: Int) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE change_cursors SET cursor = COALESCE(?, cursor), leased_until = ? WHERE name = ? AND lease_owner = ?",
                arguments: [sequence, leasedUntil, name, owner])
            return db.changesCount == 1
        }
    }

    public func releaseChangeCursor(name: String, owner: String) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE change_cursors SET lease_owner = NULL, leased_until = 0 WHERE name = ? AND lease_owner = ?",
                arguments: [name, owner])
        }
    }
}
