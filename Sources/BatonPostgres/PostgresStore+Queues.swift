import BatonCore
public import BatonModel
public import BatonStore
import PostgresNIO

extension PostgresStore {
    // MARK: Queues and timers

    public func claim(taskType: String, domain: String?, count: Int, now: Int, leaseMillis: Int) async throws(StoreError) -> [QueueClaim] {
        // SKIP LOCKED: a claim running at the same time on another connection (or server) passes
        // over the entries this one is taking instead of waiting for them or taking them too.
        // The pick is MATERIALIZED: as an `IN (subquery)` the planner may run it once per row it
        // updates, and with SKIP LOCKED each run picks other rows, so one claim could take more
        // entries than it asked for.
        try await fetch(
            """
            WITH picked AS MATERIALIZED (
                SELECT task_id FROM queue
                WHERE task_type = \(taskType) AND domain = \(domain ?? "") AND visible_at <= \(now) AND leased_until <= \(now)
                ORDER BY priority DESC, visible_at
                LIMIT \(count)
                FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE queue SET leased_until = \(now + leaseMillis) FROM picked
                WHERE queue.task_id = picked.task_id
                RETURNING queue.task_id, queue.workflow_id, queue.priority, queue.visible_at)
            SELECT task_id, workflow_id FROM claimed ORDER BY priority DESC, visible_at, task_id
            """
        ) { row in
            let (taskId, workflowId) = try row.decode((String, String).self)
            return QueueClaim(taskId: taskId, workflowId: workflowId)
        }
    }

    public func claimDueExecutions(now: Int, leaseMillis: Int, limit: Int) async throws(StoreError) -> [String] {
        try await fetch(
            """
            WITH due AS MATERIALIZED (
                SELECT id, wake_at FROM executions WHERE wake_at <= \(now)
                ORDER BY wake_at LIMIT \(limit)
                FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE executions SET wake_at = \(now + leaseMillis) FROM due
                WHERE executions.id = due.id
                RETURNING executions.id, due.wake_at AS due_at)
            SELECT id FROM claimed ORDER BY due_at, id
            """
        ) { try $0.decode(String.self) }
    }

    public func nextWakeUp() async throws(StoreError) -> Int? {
        try await fetch("SELECT MIN(wake_at) FROM executions") { try $0.decode(Int?.self) }.first ?? nil
    }

    public func queueSizes() async throws(StoreError) -> [String: Int] {
        let rows = try await fetch("SELECT task_type, domain, COUNT(*) FROM queue GROUP BY task_type, domain") {
            try $0.decode((String, String, Int).self)
        }
        var sizes: [String: Int] = [:]
        for (type, domain, size) in rows {
            sizes[domain.isEmpty ? type : "\(domain):\(type)", default: 0] += size
        }
        return sizes
    }

    // MARK: Logs and poll data

    public func taskLogs(taskId: String) async throws(StoreError) -> [TaskExecLog] {
        try await fetch("SELECT created_time, log FROM task_logs WHERE task_id = \(taskId) ORDER BY id") { row in
            let (createdTime, log) = try row.decode((Int, String).self)
            return TaskExecLog(log: log, taskId: taskId, createdTime: createdTime)
        }
    }

    public func appendTaskLogs(_ logs: [TaskExecLog]) async throws(StoreError) {
        guard !logs.isEmpty else { return }
        try await transaction { connection in try await insertLogs(logs, on: connection) }
    }

    /// Inserts log lines in order, in one statement of the caller's transaction.
    func insertLogs(_ logs: [TaskExecLog], on connection: PostgresConnection) async throws {
        guard !logs.isEmpty else { return }
        let taskIds = logs.map { $0.taskId ?? "" }
        let times = logs.map { $0.createdTime ?? 0 }
        let lines = logs.map(\.log)
        try await connection.rows(
            """
            INSERT INTO task_logs (task_id, created_time, log)
            SELECT task_id, created_time, log
            FROM unnest(\(taskIds)::text[], \(times)::bigint[], \(lines)::text[]) WITH ORDINALITY AS l(task_id, created_time, log, n)
            ORDER BY n
            """, logger: logger)
    }

    public func recordPoll(taskType: String, domain: String?, workerId: String?, time: Int) async throws(StoreError) {
        try await rows(
            """
            INSERT INTO poll_data (task_type, domain, worker_id, last_poll_time) VALUES (\(taskType), \(domain ?? ""), \(workerId), \(time))
            ON CONFLICT (task_type, domain) DO UPDATE SET worker_id = excluded.worker_id, last_poll_time = excluded.last_poll_time
            """)
    }

    public func pollData(taskType: String?) async throws(StoreError) -> [PollData] {
        let query: PostgresQuery =
            if let taskType {
                "SELECT task_type, domain, worker_id, last_poll_time FROM poll_data WHERE task_type = \(taskType) ORDER BY domain"
            } else {
                "SELECT task_type, domain, worker_id, last_poll_time FROM poll_data ORDER BY task_type, domain"
            }
        return try await fetch(query) { row in
            let (type, domain, workerId, time) = try row.decode((String, String, String?, Int).self)
            return PollData(queueName: type, domain: domain.isEmpty ? nil : domain, workerId: workerId, lastPollTime: time)
        }
    }

    // MARK: Change log

    public func changes(after sequence: Int64, limit: Int) async throws(StoreError) -> [StoredChange] {
        let rows = try await fetch("SELECT seq, event::text FROM change_log WHERE seq > \(sequence) ORDER BY seq LIMIT \(limit)") {
            try $0.decode((Int64, String).self)
        }
        return try rows.map { row throws(StoreError) in
            StoredChange(sequence: row.0, event: try JSONText.decode(ChangeEvent.self, from: row.1))
        }
    }
}
