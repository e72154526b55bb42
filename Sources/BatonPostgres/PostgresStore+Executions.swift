import BatonCore
public import BatonModel
public import BatonStore
import PostgresNIO

extension PostgresStore {
    /// The key of the transaction-scoped advisory lock under which a batch appends to the change
    /// log: batches append (and so commit) one at a time, so that sequence numbers become visible
    /// in order and a reader that moved past `seq` never sees a smaller one appear later.
    static let changeLogLockKey: Int64 = 0x6261_746F_6E5F_636C // "baton_cl"

    public func execution(id: String) async throws(StoreError) -> StoredExecution? {
        let rows = try await fetch("SELECT state::text, revision FROM executions WHERE id = \(id)") {
            try $0.decode((String, Int).self)
        }
        guard let (state, revision) = rows.first else { return nil }
        return StoredExecution(workflow: try JSONText.decode(Workflow.self, from: state), revision: revision)
    }

    public func commit(_ commits: [Commit]) async throws(StoreError) -> [CommitOutcome] {
        guard !commits.isEmpty else { return [] }
        let encoded = try commits.map { commit throws(StoreError) in try EncodedCommit(commit) }
        // JSONB cannot hold U+0000; say so plainly instead of failing the batch with SQLSTATE 22P05.
        for rows in encoded.flatMap(\.unit) where Self.holdsNUL(rows.state) || rows.changes.contains(where: Self.holdsNUL) {
            throw .database(
                "PostgreSQL cannot store the NUL character (\\u0000) that execution \(rows.commit.workflow.workflowId) holds")
        }
        // Lock executions in one order (by id) in every batch, so that two servers' batches never
        // deadlock; the sort is stable, so one execution's commits still apply in turn.
        let order = encoded.indices.sorted {
            (encoded[$0].commit.workflow.workflowId, $0) < (encoded[$1].commit.workflow.workflowId, $1)
        }
        // Linked commits touch executions out of that order: lock every execution of the batch
        // first, in id order, for the same reason.
        let linkedIds = encoded.contains { !$0.linked.isEmpty }
            ? Array(Set(encoded.flatMap(\.unit).map(\.commit.workflow.workflowId))).sorted() : []
        return try await transaction { connection in
            if !linkedIds.isEmpty {
                try await connection.rows(
                    "SELECT id FROM executions WHERE id = ANY(\(linkedIds)::text[]) ORDER BY id FOR UPDATE", logger: logger)
            }
            var outcomes = [CommitOutcome](repeating: .conflict, count: encoded.count)
            var applied: [EncodedCommit] = []
            for index in order {
                outcomes[index] = try await applyUnit(encoded[index], on: connection)
                if case .committed = outcomes[index] { applied += encoded[index].unit }
            }
            try await appendChanges(of: applied, on: connection)
            try await notify(Array(Set(applied.flatMap(\.commit.wakeUps))), on: connection)
            return outcomes
        }
    }

    /// Whether JSON text holds the escape `\u0000` (and not an escaped backslash followed by `u0000`).
    static func holdsNUL(_ json: String) -> Bool {
        guard json.contains("u0000") else { return false }
        let bytes = Array(json.utf8)
        var backslashes = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\\") {
                backslashes += 1
                continue
            }
            if byte == UInt8(ascii: "u"), backslashes % 2 == 1, bytes[(index + 1)...].starts(with: "0000".utf8) { return true }
            backslashes = 0
        }
        return false
    }

    /// Applies a commit and its linked commits under a savepoint: all of them, or, when one is
    /// stale, none.
    func applyUnit(_ rows: EncodedCommit, on connection: PostgresConnection) async throws -> CommitOutcome {
        guard !rows.linked.isEmpty else { return try await apply(rows, on: connection) }
        try await connection.rows("SAVEPOINT baton_unit", logger: logger)
        var outcome = CommitOutcome.conflict
        for member in rows.unit {
            let memberOutcome = try await apply(member, on: connection)
            guard case .committed = memberOutcome else {
                try await connection.rows("ROLLBACK TO SAVEPOINT baton_unit", logger: logger)
                return .conflict
            }
            if member.commit.workflow.workflowId == rows.commit.workflow.workflowId { outcome = memberOutcome }
        }
        try await connection.rows("RELEASE SAVEPOINT baton_unit", logger: logger)
        return outcome
    }

    /// Applies one commit inside the batch's transaction. The conditional write of the execution
    /// comes first; when it finds another revision (or, for a creation, an existing execution), it
    /// wrote nothing and the commit writes nothing else.
    func apply(_ rows: EncodedCommit, on connection: PostgresConnection) async throws -> CommitOutcome {
        let commit = rows.commit
        let workflow = commit.workflow
        let id = workflow.workflowId
        let revision: Int
        let written: [PostgresRow]
        if let expected = commit.expectedRevision {
            revision = expected + 1
            written = try await connection.rows(
                """
                UPDATE executions SET status = \(workflow.status.rawValue), correlation_id = \(workflow.correlationId),
                    start_time = \(workflow.startTime), end_time = \(workflow.endTime), update_time = \(workflow.updateTime),
                    revision = \(revision), wake_at = \(commit.wakeAt), state = \(rows.state)::jsonb
                WHERE id = \(id) AND revision = \(expected)
                RETURNING revision
                """, logger: logger)
        } else {
            revision = 1
            if let claim = commit.idempotencyKey {
                let taken = try await connection.rows(
                    """
                    INSERT INTO idempotency_keys (key, workflow_id) VALUES (\(claim.key), \(id))
                    ON CONFLICT (key) DO UPDATE SET workflow_id = excluded.workflow_id
                    WHERE \(claim.takesOverEnded) AND (SELECT status FROM executions WHERE id = idempotency_keys.workflow_id)
                        NOT IN ('RUNNING', 'PAUSED')
                    RETURNING key
                    """, logger: logger)
                guard taken.count == 1 else { return .conflict }
            }
            written = try await connection.rows(
                """
                INSERT INTO executions (id, name, version, status, correlation_id, start_time, end_time,
                    update_time, parent_workflow_id, idempotency_key, revision, wake_at, state)
                VALUES (\(id), \(workflow.workflowName), \(workflow.workflowVersion), \(workflow.status.rawValue),
                    \(workflow.correlationId), \(workflow.startTime), \(workflow.endTime), \(workflow.updateTime),
                    \(workflow.parentWorkflowId), \(workflow.idempotencyKey), \(revision), \(commit.wakeAt), \(rows.state)::jsonb)
                ON CONFLICT DO NOTHING
                RETURNING revision
                """, logger: logger)
        }
        guard written.count == 1 else { return .conflict }

        for effect in commit.effects {
            switch effect {
            case .enqueue(let entry):
                try await connection.rows(
                    """
                    INSERT INTO queue (task_id, workflow_id, task_type, domain, priority, visible_at, leased_until)
                    VALUES (\(entry.taskId), \(entry.workflowId), \(entry.taskType), \(entry.domain ?? ""), \(entry.priority), \(entry.visibleAt), 0)
                    ON CONFLICT (task_id) DO UPDATE SET visible_at = excluded.visible_at, leased_until = 0
                    """, logger: logger)
            case .dequeue(let taskId):
                try await connection.rows("DELETE FROM queue WHERE task_id = \(taskId)", logger: logger)
            case .startWorkflow, .notifyParent, .terminateWorkflow:
                break  // the engine made them into the linked commits
            }
        }
        if !rows.tasks.isEmpty { try await index(rows.tasks, of: id, on: connection) }
        let removed = commit.removedTaskIds
        if !removed.isEmpty {
            try await connection.rows("DELETE FROM task_index WHERE task_id = ANY(\(removed)::text[])", logger: logger)
            try await connection.rows("DELETE FROM task_logs WHERE task_id = ANY(\(removed)::text[])", logger: logger)
            try await connection.rows("DELETE FROM queue WHERE task_id = ANY(\(removed)::text[])", logger: logger)
        }
        try await insertLogs(commit.taskLogs, on: connection)
        return .committed(revision: revision)
    }

    /// Writes the task index rows of changed attempts, one statement for all of them.
    func index(_ tasks: [EncodedTask], of workflowId: String, on connection: PostgresConnection) async throws {
        let attempts = tasks.map(\.task)
        try await connection.rows(
            """
            INSERT INTO task_index (task_id, workflow_id, workflow_type, correlation_id, task_type, task_def_name,
                reference_name, status, domain, scheduled_time, start_time, end_time, update_time, task)
            SELECT task_id, \(workflowId), workflow_type, NULLIF(correlation_id, ''), task_type, task_def_name, reference_name, status,
                domain, scheduled_time, start_time, end_time, update_time, task
            FROM unnest(\(attempts.map(\.taskId))::text[], \(attempts.map(\.workflowType))::text[],
                \(attempts.map { $0.correlationId ?? "" })::text[], \(attempts.map(\.taskType))::text[],
                \(attempts.map(\.taskDefName))::text[], \(attempts.map(\.referenceTaskName))::text[],
                \(attempts.map(\.status.rawValue))::text[], \(tasks.map(\.domain))::text[],
                \(attempts.map(\.scheduledTime))::bigint[], \(attempts.map(\.startTime))::bigint[],
                \(attempts.map(\.endTime))::bigint[], \(attempts.map(\.updateTime))::bigint[], \(tasks.map(\.json))::text[])
                AS t(task_id, workflow_type, correlation_id, task_type, task_def_name, reference_name, status, domain,
                    scheduled_time, start_time, end_time, update_time, task)
            ON CONFLICT (task_id) DO UPDATE SET correlation_id = excluded.correlation_id, status = excluded.status,
                domain = excluded.domain, scheduled_time = excluded.scheduled_time, start_time = excluded.start_time,
                end_time = excluded.end_time, update_time = excluded.update_time, task = excluded.task
            """, logger: logger)
    }

    /// Appends the change events of the applied commits, in order, under the change log lock.
    func appendChanges(of applied: [EncodedCommit], on connection: PostgresConnection) async throws {
        var times: [Int] = []
        var workflowIds: [String] = []
        var events: [String] = []
        for rows in applied {
            for (change, json) in zip(rows.commit.changes, rows.changes) {
                times.append(change.time)
                workflowIds.append(rows.commit.workflow.workflowId)
                events.append(json)
            }
        }
        guard !events.isEmpty else { return }
        try await connection.rows("SELECT pg_advisory_xact_lock(\(Self.changeLogLockKey))", logger: logger)
        try await connection.rows(
            """
            INSERT INTO change_log (time, workflow_id, event)
            SELECT time, workflow_id, event::jsonb
            FROM unnest(\(times)::bigint[], \(workflowIds)::text[], \(events)::text[]) WITH ORDINALITY AS c(time, workflow_id, event, n)
            ORDER BY n
            """, logger: logger)
    }

    public func removeExecution(id: String) async throws(StoreError) -> Bool {
        try await transaction { connection in
            try await connection.rows(
                "DELETE FROM task_logs WHERE task_id IN (SELECT task_id FROM task_index WHERE workflow_id = \(id))", logger: logger)
            try await connection.rows("DELETE FROM task_index WHERE workflow_id = \(id)", logger: logger)
            try await connection.rows("DELETE FROM queue WHERE workflow_id = \(id)", logger: logger)
            try await connection.rows("DELETE FROM idempotency_keys WHERE workflow_id = \(id)", logger: logger)
            return try await !connection.rows("DELETE FROM executions WHERE id = \(id) RETURNING id", logger: logger).isEmpty
        }
    }

    public func workflowId(forIdempotencyKey key: String) async throws(StoreError) -> String? {
        try await fetch("SELECT workflow_id FROM idempotency_keys WHERE key = \(key)") { try $0.decode(String.self) }.first
    }

    public func workflowId(ofTask taskId: String) async throws(StoreError) -> String? {
        try await fetch("SELECT workflow_id FROM task_index WHERE task_id = \(taskId)") { try $0.decode(String.self) }.first
    }

    public func taskCounts(taskType: String, since: Int) async throws(StoreError) -> TaskCounts {
        let rows = try await fetch(
            """
            SELECT (SELECT COUNT(*) FROM task_index WHERE task_type = \(taskType) AND status = 'IN_PROGRESS'),
                (SELECT COUNT(*) FROM task_index WHERE task_type = \(taskType) AND start_time >= \(max(since, 1)))
            """
        ) { try $0.decode((Int, Int).self) }
        return TaskCounts(inProgress: rows.first?.0 ?? 0, startedSince: rows.first?.1 ?? 0)
    }

    public func search(_ query: ExecutionQuery) async throws(StoreError) -> SearchPage {
        let filter = ExecutionFilter(query, placeholder: { "$\($0)" }, like: "ILIKE", stateText: "state::text")
        var binds = PostgresBindings()
        for argument in filter.arguments {
            switch argument {
            case .int(let value): binds.append(value)
            case .text(let value): binds.append(value)
            }
        }
        let count = PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM executions\(filter.whereClause)", binds: binds)
        let limit = binds.count + 1
        binds.append(query.limit)
        binds.append(query.offset)
        let page = PostgresQuery(
            unsafeSQL: "SELECT state::text FROM executions\(filter.whereClause)\(filter.orderClause) LIMIT $\(limit) OFFSET $\(limit + 1)",
            binds: binds)
        // One snapshot for both, so that the total and the page agree.
        let (total, states) = try await transaction { connection in
            try await connection.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let total = try await connection.rows(count, logger: logger)
            let states = try await connection.rows(page, logger: logger)
            return (total, states)
        }
        let totalHits = try Self.read(total) { try $0.decode(Int.self) }.first ?? 0
        let results = try Self.read(states) { try $0.decode(String.self) }.map { json throws(StoreError) in
            var workflow = try JSONText.decode(Workflow.self, from: json)
            workflow.tasks = []
            return workflow
        }
        return SearchPage(totalHits: totalHits, results: results)
    }
}
