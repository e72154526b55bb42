public import BatonStore
import GRDB

/// Webhooks, their delivery cursors and leases, parked events and delivery log.
extension SQLiteStore {
    public func createWebhook(_ webhook: Webhook) async throws(StoreError) {
        let json = try JSONText.encode(webhook)
        try await write { db in
            let pruned = try Int64.fetchOne(db, sql: "SELECT pruned_through FROM change_log_state") ?? 0
            let head = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM change_log") ?? 0
            try db.execute(
                sql: "INSERT INTO webhooks (id, definition, cursor) VALUES (?, ?, ?)",
                arguments: [webhook.id, json, max(head, pruned)])
        }
    }

    public func webhooks() async throws(StoreError) -> [Webhook] {
        let rows = try await read { db in try String.fetchAll(db, sql: "SELECT definition FROM webhooks ORDER BY id") }
        return try rows.map { json throws(StoreError) in try JSONText.decode(Webhook.self, from: json) }
    }

    public func webhook(id: String) async throws(StoreError) -> Webhook? {
        let json = try await read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM webhooks WHERE id = ?", arguments: [id])
        }
        return try json.map { json throws(StoreError) in try JSONText.decode(Webhook.self, from: json) }
    }

    public func deleteWebhook(id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM webhook_parked WHERE webhook_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE webhook_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func claimWebhook(id: String, owner: String, now: Int, leaseMillis: Int) async throws(StoreError) -> WebhookProgress? {
        try await write { db in
            guard let cursor = try Int64.fetchOne(
                db,
                sql: """
                    UPDATE webhooks SET lease_owner = ?, leased_until = ?
                    WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR leased_until < ?)
                    RETURNING cursor
                    """,
                arguments: [owner, now + leaseMillis, id, owner, now])
            else { return nil }
            let parked = try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, workflow_id, body, attempts, first_attempt_time, next_attempt_time
                    FROM webhook_parked WHERE webhook_id = ? ORDER BY seq
                    """,
                arguments: [id]
            ).map { row in
                ParkedDelivery(
                    sequence: row["seq"], workflowId: row["workflow_id"], body: row["body"], attempts: row["attempts"],
                    firstAttemptTime: row["first_attempt_time"], nextAttemptTime: row["next_attempt_time"])
            }
            return WebhookProgress(cursor: cursor, parked: parked)
        }
    }

    public func updateWebhook(_ update: WebhookUpdate) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE webhooks SET cursor = COALESCE(?, cursor), leased_until = ? WHERE id = ? AND lease_owner = ?",
                arguments: [update.cursor, update.leasedUntil, update.webhookId, update.owner])
            guard db.changesCount == 1 else { return false }
            for seq in update.unpark {
                try db.execute(
                    sql: "DELETE FROM webhook_parked WHERE webhook_id = ? AND seq = ?", arguments: [update.webhookId, seq])
            }
            for parked in update.park {
                try db.execute(
                    sql: """
                        INSERT INTO webhook_parked (webhook_id, seq, workflow_id, body, attempts, first_attempt_time, next_attempt_time)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (webhook_id, seq) DO UPDATE SET attempts = excluded.attempts,
                            first_attempt_time = excluded.first_attempt_time, next_attempt_time = excluded.next_attempt_time
                        """,
                    arguments: [
                        update.webhookId, parked.sequence, parked.workflowId, parked.body, parked.attempts,
                        parked.firstAttemptTime, parked.nextAttemptTime,
                    ])
            }
            for attempt in update.attempts {
                try db.execute(
                    sql: """
                        INSERT INTO webhook_deliveries (webhook_id, seq, workflow_id, attempt, status_code, error, time, delivered)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        update.webhookId, attempt.seq, attempt.workflowId, attempt.attempt, attempt.statusCode, attempt.error,
                        attempt.time, attempt.delivered,
                    ])
            }
            if !update.attempts.isEmpty {
                try db.execute(
                    sql: """
                        DELETE FROM webhook_deliveries WHERE webhook_id = ? AND id < (
                            SELECT id FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)
                        """,
                    arguments: [update.webhookId, update.webhookId, Self.deliveryLogSize - 1])
            }
            return true
        }
    }

    public func releaseWebhook(id: String, owner: String) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE webhooks SET lease_owner = NULL, leased_until = 0 WHERE id = ? AND lease_owner = ?",
                arguments: [id, owner])
        }
    }

    public func deliveries(webhookId: String, limit: Int) async throws(StoreError) -> [DeliveryAttempt] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, workflow_id, attempt, status_code, error, time, delivered FROM webhook_deliveries
                    WHERE webhook_id = ? ORDER BY id DESC LIMIT ?
                    """,
                arguments: [webhookId, limit]
            ).map { row in
                DeliveryAttempt(
                    seq: row["seq"], workflowId: row["workflow_id"], attempt: row["attempt"], statusCode: row["status_code"],
                    error: row["error"], time: row["time"], delivered: row["delivered"])
            }
        }
    }

    /// How many delivery attempts each webhook's log keeps.
    static let deliveryLogSize = 500
}
