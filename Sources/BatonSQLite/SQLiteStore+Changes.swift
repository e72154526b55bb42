import BatonCore
public import BatonStore
import GRDB

/// The change feed over the `change_log` table. SQLite has one writer, and a commit's change
/// rows take their sequence numbers inside its write transaction: numbers become visible in order.
extension SQLiteStore {
    public func changes(after sequence: Int64, limit: Int, matching filter: ChangeFilter) async throws(StoreError) -> ChangePage {
        let sql = ChangeLogFilter(after: sequence, filter, dialect: .sqlite)
        let arguments = sql.arguments.map(\.databaseValue)
        // One read transaction: one snapshot for the page, the head and the watermark.
        let (rows, head, pruned) = try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT seq, event FROM change_log\(sql.whereClause) ORDER BY seq LIMIT ?",
                arguments: StatementArguments(arguments + [limit.databaseValue])
            ).map { (sequence: $0["seq"] as Int64, json: $0["event"] as String) }
            let pruned = try Int64.fetchOne(db, sql: "SELECT pruned_through FROM change_log_state") ?? 0
            let head = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM change_log") ?? 0
            return (rows, max(head, pruned), pruned)
        }
        let changes = try rows.map { row throws(StoreError) in
            StoredChange(sequence: row.sequence, event: try JSONText.decode(ChangeEvent.self, from: row.json))
        }
        let last = changes.count >= limit ? (changes.last?.sequence ?? sequence) : max(head, sequence)
        return ChangePage(changes: changes, lastSequence: last, prunedThrough: pruned)
    }

    public func latestChangeSequence() async throws(StoreError) -> Int64 {
        try await read { db in
            let pruned = try Int64.fetchOne(db, sql: "SELECT pruned_through FROM change_log_state") ?? 0
            // AUTOINCREMENT keeps the highest number handed out, even once its row is gone.
            let handedOut = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'") ?? 0
            return max(pruned, handedOut)
        }
    }

    public func pruneChanges(before time: Int) async throws(StoreError) -> Int {
        try await write { db in
            guard let through = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log WHERE time < ?", arguments: [time])
            else { return 0 }
            try db.execute(sql: "DELETE FROM change_log WHERE seq <= ?", arguments: [through])
            let deleted = db.changesCount
            try db.execute(
                sql: "UPDATE change_log_state SET pruned_through = MAX(pruned_through, ?)", arguments: [through])
            return deleted
        }
    }
}
