import BatonCore
public import BatonStore
import PostgresNIO

/// The change feed over the `change_log` table.
///
/// Batches append their change rows under ``PostgresStore/changeLogLockKey``, a transaction-scoped
/// advisory lock: a batch takes its sequence numbers and commits while holding it, so a batch
/// with greater numbers commits after every batch with smaller ones, and a snapshot that sees an
/// event sees every event before it (rolled-back batches leave holes, never late arrivals).
extension PostgresStore {
    public func changes(after sequence: Int64, limit: Int, matching filter: ChangeFilter) async throws(StoreError) -> ChangePage {
        let sql = ChangeLogFilter(after: sequence, filter, dialect: .postgres)
        var binds = PostgresBindings(sql.arguments)
        binds.append(limit)
        let page = PostgresQuery(
            unsafeSQL: "SELECT seq, event::text FROM change_log\(sql.whereClause) ORDER BY seq LIMIT $\(binds.count)", binds: binds)
        // One snapshot for the page, the head and the watermark.
        let (rows, bounds) = try await transaction { connection in
            try await connection.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let rows = try await connection.rows(page, logger: logger)
            let bounds = try await connection.rows(
                "SELECT (SELECT COALESCE(MAX(seq), 0) FROM change_log), pruned_through FROM change_log_state", logger: logger)
            return (rows, bounds)
        }
        let changes = try Self.read(rows) { try $0.decode((Int64, String).self) }.map { row throws(StoreError) in
            StoredChange(sequence: row.0, event: try JSONText.decode(ChangeEvent.self, from: row.1))
        }
        let (head, pruned) = try Self.read(bounds) { try $0.decode((Int64, Int64).self) }.first ?? (Int64(0), Int64(0))
        let last = changes.count >= limit ? (changes.last?.sequence ?? sequence) : max(head, pruned, sequence)
        return ChangePage(changes: changes, lastSequence: last, prunedThrough: pruned)
    }

    public func latestChangeSequence() async throws(StoreError) -> Int64 {
        try await fetch(
            "SELECT GREATEST((SELECT COALESCE(MAX(seq), 0) FROM change_log), pruned_through) FROM change_log_state"
        ) { try $0.decode(Int64.self) }.first ?? 0
    }

    public func pruneChanges(before time: Int) async throws(StoreError) -> Int {
        try await transaction { connection in
            let found = try await connection.rows("SELECT MAX(seq) FROM change_log WHERE time < \(time)", logger: logger)
            guard let through = try found.first?.decode(Int64?.self) else { return 0 }
            let deleted = try await connection.rows("DELETE FROM change_log WHERE seq <= \(through) RETURNING seq", logger: logger)
            try await connection.rows(
                "UPDATE change_log_state SET pruned_through = GREATEST(pruned_through, \(through))", logger: logger)
            return deleted.count
        }
    }
}
