public import BatonStore
import PostgresNIO

/// Webhooks, their delivery cursors and leases, parked events and delivery log.
extension PostgresStore {
    public func createWebhook(_ webhook: Webhook) async throws(StoreError) {
        let json = try JSONText.encode(webhook)
        try await rows(
            """
            INSERT INTO webhooks (id, definition, cursor)
            SELECT \(webhook.id), \(json)::jsonb, GREATEST((SELECT COALESCE(MAX(seq), 0) FROM change_log), pruned_through)
            FROM change_log_state
            """)
    }

    public func webhooks() async throws(StoreError) -> [Webhook] {
        try await fetch("SELECT definition::text FROM webhooks ORDER BY id") { try $0.decode(String.self) }
            .map { json throws(StoreError) in try JSONText.decode(Webhook.self, from: json) }
    }

    public func webhook(id: String) async throws(StoreError) -> Webhook? {
        try await fetch("SELECT definition::text FROM webhooks WHERE id = \(id)") { try $0.decode(String.self) }
            .first.map { json throws(StoreError) in try JSONText.decode(Webhook.self, from: json) }
    }

    public func deleteWebhook(id: String) async throws(StoreError) -> Bool {
        try await transaction { connection in
            try await connection.rows("DELETE FROM webhook_parked WHERE webhook_id = \(id)", logger: logger)
            try await connection.rows("DELETE FROM webhook_deliveries WHERE webhook_id = \(id)", logger: logger)
            return try await !connection.rows("DELETE FROM webhooks WHERE id = \(id) RETURNING id", logger: logger).isEmpty
        }
    }

    public func claimWebhook(id: String, owner: String, now: Int, leaseMillis: Int) async throws(StoreError) -> WebhookProgress? {
        let (claimed, parked) = try await transaction { connection in
            let claimed = try await connection.rows(
                """
                UPDATE webhooks SET lease_owner = \(owner), leased_until = \(now + leaseMillis)
                WHERE id = \(id) AND (lease_owner IS NULL OR lease_owner = \(owner) OR leased_until < \(now))
                RETURNING cursor
                """, logger: logger)
            guard !claimed.isEmpty else { return (claimed, [PostgresRow]()) }
            let parked = try await connection.rows(
                """
                SELECT seq, workflow_id, body, attempts, first_attempt_time, next_attempt_time
                FROM webhook_parked WHERE webhook_id = \(id) ORDER BY seq
                """, logger: logger)
            return (claimed, parked)
        }
        guard let cursor = try Self.read(claimed, { try $0.decode(Int64.self) }).first else { return nil }
        let deliveries = try Self.read(parked) { row in
            let (seq, workflowId, body, attempts, first, next) = try row.decode((Int64, String, String, Int, Int, Int).self)
            return ParkedDelivery(
                sequence: seq, workflowId: workflowId, body: body, attempts: attempts, firstAttemptTime: first,
                nextAttemptTime: next)
        }
        return WebhookProgress(cursor: cursor, parked: deliveries)
    }

    public func updateWebhook(_ update: WebhookUpdate) async throws(StoreError) -> Bool {
        let id = update.webhookId
        return try await transaction { connection in
            let held = try await connection.rows(
                """
                UPDATE webhooks SET cursor = COALESCE(\(update.cursor), cursor), leased_until = \(update.leasedUntil)
                WHERE id = \(id) AND lease_owner = \(update.owner) RETURNING id
                """, logger: logger)
            guard !held.isEmpty else { return false }
            if !update.unpark.isEmpty {
                try await connection.rows(
                    "DELETE FROM webhook_parked WHERE webhook_id = \(id) AND seq = ANY(\(update.unpark)::bigint[])", logger: logger)
            }
            for parked in update.park {
                try await connection.rows(
                    """
                    INSERT INTO webhook_parked (webhook_id, seq, workflow_id, body, attempts, first_attempt_time, next_attempt_time)
                    VALUES (\(id), \(parked.sequence), \(parked.workflowId), \(parked.body), \(parked.attempts),
                        \(parked.firstAttemptTime), \(parked.nextAttemptTime))
                    ON CONFLICT (webhook_id, seq) DO UPDATE SET attempts = excluded.attempts,
                        first_attempt_time = excluded.first_attempt_time, next_attempt_time = excluded.next_attempt_time
                    """, logger: logger)
            }
            for attempt in update.attempts {
                try await connection.rows(
                    """
                    INSERT INTO webhook_deliveries (webhook_id, seq, workflow_id, attempt, status_code, error, time, delivered)
                    VALUES (\(id), \(attempt.seq), \(attempt.workflowId), \(attempt.attempt), \(attempt.statusCode),
                        \(attempt.error), \(attempt.time), \(attempt.delivered))
                    """, logger: logger)
            }
            if !update.attempts.isEmpty {
                try await connection.rows(
                    """
                    DELETE FROM webhook_deliveries WHERE webhook_id = \(id) AND id < (
                        SELECT id FROM webhook_deliveries WHERE webhook_id = \(id) ORDER BY id DESC LIMIT 1 OFFSET \(Self.deliveryLogSize - 1))
                    """, logger: logger)
            }
            return true
        }
    }

    public func releaseWebhook(id: String, owner: String) async throws(StoreError) {
        try await rows("UPDATE webhooks SET lease_owner = NULL, leased_until = 0 WHERE id = \(id) AND lease_owner = \(owner)")
    }

    public func deliveries(webhookId: String, limit: Int) async throws(StoreError) -> [DeliveryAttempt] {
        try await fetch(
            """
            SELECT seq, workflow_id, attempt, status_code, error, time, delivered FROM webhook_deliveries
            WHERE webhook_id = \(webhookId) ORDER BY id DESC LIMIT \(limit)
            """
        ) { row in
            let (seq, workflowId, attempt, status, error, time, delivered) = try row.decode(
                (Int64, String, Int, Int?, String?, Int, Bool).self)
            return DeliveryAttempt(
                seq: seq, workflowId: workflowId, attempt: attempt, statusCode: status, error: error, time: time,
                delivered: delivered)
        }
    }

    /// How many delivery attempts each webhook's log keeps.
    static let deliveryLogSize = 500
}
