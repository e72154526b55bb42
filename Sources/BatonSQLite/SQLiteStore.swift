public import BatonStore
import BatonCore
import BatonModel
import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode, fsync on every commit unless told otherwise.
public final class SQLiteStore: Store {
    let pool: DatabasePool

    /// How hard a commit presses its data to disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// fsync on every commit: an acknowledged change survives a power cut (the default).
        case full
        /// fsync at checkpoints only: survives a crash of the process, not of the machine.
        case normal
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String, durability: Durability = .full) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // The pool sets synchronous itself once the connection is prepared, so set it after.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            }
            try SQLiteMigrations.migrator.migrate(pool)
        } catch {
            throw .database("cannot open SQLite database at \(path): \(error)")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.read(body) } catch { throw Self.storeError(error) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write(body) } catch { throw Self.storeError(error) }
    }

    static func storeError(_ error: any Error) -> StoreError {
        (error as? StoreError) ?? .database("SQLite: \(error)")
    }

    // MARK: Definitions

    public func saveTaskDefs(_ definitions: [TaskDef]) async throws(StoreError) {
        var encoded: [(name: String, json: String)] = []
        for definition in definitions { encoded.append((definition.name, try JSONText.encode(definition))) }
        let rows = encoded
        try await write { db in
            for row in rows {
                try db.execute(
                    sql: "INSERT INTO task_defs (name, definition) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET definition = excluded.definition",
                    arguments: [row.name, row.json])
            }
        }
    }

    public func taskDef(named name: String) async throws(StoreError) -> TaskDef? {
        let json = try await read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM task_defs WHERE name = ?", arguments: [name])
        }
        return try json.map { json throws(StoreError) in try JSONText.decode(TaskDef.self, from: json) }
    }

    public func taskDefs() async throws(StoreError) -> [TaskDef] {
        let rows = try await read { db in try String.fetchAll(db, sql: "SELECT definition FROM task_defs ORDER BY name") }
        return try rows.map { json throws(StoreError) in try JSONText.decode(TaskDef.self, from: json) }
    }

    public func deleteTaskDef(named name: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM task_defs WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func saveWorkflowDef(_ definition: WorkflowDef, overwrite: Bool) async throws(StoreError) {
        let json = try JSONText.encode(definition)
        let name = definition.name
        let version = definition.effectiveVersion
        try await write { db in
            if overwrite {
                try db.execute(
                    sql: "INSERT INTO workflow_defs (name, version, definition) VALUES (?, ?, ?) ON CONFLICT (name, version) DO UPDATE SET definition = excluded.definition",
                    arguments: [name, version, json])
            } else {
                try db.execute(
                    sql: "INSERT INTO workflow_defs (name, version, definition) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    arguments: [name, version, json])
                if db.changesCount == 0 {
                    throw StoreError.conflict("Workflow with \(name).\(version) already exists!")
                }
            }
        }
    }

    public func workflowDef(named name: String, version: Int?) async throws(StoreError) -> WorkflowDef? {
        let json = try await read { db in
            if let version {
                return try String.fetchOne(
                    db, sql: "SELECT definition FROM workflow_defs WHERE name = ? AND version = ?", arguments: [name, version])
            }
            return try String.fetchOne(
                db, sql: "SELECT definition FROM workflow_defs WHERE name = ? ORDER BY version DESC LIMIT 1", arguments: [name])
        }
        return try json.map { json throws(StoreError) in try JSONText.decode(WorkflowDef.self, from: json) }
    }

    public func workflowDefs() async throws(StoreError) -> [WorkflowDef] {
        let rows = try await read { db in
            try String.fetchAll(db, sql: "SELECT definition FROM workflow_defs ORDER BY name, version")
        }
        return try rows.map { json throws(StoreError) in try JSONText.decode(WorkflowDef.self, from: json) }
    }

    public func deleteWorkflowDef(named name: String, version: Int) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM workflow_defs WHERE name = ? AND version = ?", arguments: [name, version])
            return db.changesCount > 0
        }
    }

    // MARK: Executions

    public func execution(id: String) async throws(StoreError) -> StoredExecution? {
        let row = try await read { db in
            try Row.fetchOne(db, sql: "SELECT state, revision FROM executions WHERE id = ?", arguments: [id])
                .map { (state: $0["state"] as String, revision: $0["revision"] as Int) }
        }
        guard let row else { return nil }
        return StoredExecution(workflow: try JSONText.decode(Workflow.self, from: row.state), revision: row.revision)
    }

    public func commit(_ commits: [Commit]) async throws(StoreError) -> [CommitOutcome] {
        let rows = try commits.map { commit throws(StoreError) in try EncodedCommit(commit) }
        return try await write { db in
            try rows.map { try Self.applyUnit($0, in: db) }
        }
    }

    /// Applies a commit and its linked commits under a savepoint: all of them, or, when one is
    /// stale, none.
    static func applyUnit(_ rows: EncodedCommit, in db: Database) throws -> CommitOutcome {
        guard !rows.linked.isEmpty else { return try apply(rows, in: db) }
        var outcome = CommitOutcome.conflict
        try db.inSavepoint {
            for member in rows.unit {
                let memberOutcome = try apply(member, in: db)
                guard case .committed = memberOutcome else {
                    outcome = .conflict
                    return .rollback
                }
                if member.commit.workflow.workflowId == rows.commit.workflow.workflowId { outcome = memberOutcome }
            }
            return .commit
        }
        return outcome
    }

    /// Applies one commit inside the batch's transaction; a stale one changes nothing.
    static func apply(_ rows: EncodedCommit, in db: Database) throws -> CommitOutcome {
        let workflow = rows.commit.workflow
        let revision: Int
        if let expected = rows.commit.expectedRevision {
            revision = expected + 1
            try db.execute(
                sql: """
                    UPDATE executions SET status = ?, correlation_id = ?, start_time = ?, end_time = ?,
                        update_time = ?, revision = ?, wake_at = ?, state = ?
                    WHERE id = ? AND revision = ?
                    """,
                arguments: [
                    workflow.status.rawValue, workflow.correlationId, workflow.startTime, workflow.endTime,
                    workflow.updateTime, revision, rows.commit.wakeAt, rows.state, workflow.workflowId, expected,
                ])
        } else {
            revision = 1
            if let claim = rows.commit.idempotencyKey {
                try db.execute(
                    sql: """
                        INSERT INTO idempotency_keys (key, workflow_id) VALUES (?, ?)
                        ON CONFLICT (key) DO UPDATE SET workflow_id = excluded.workflow_id
                        WHERE ? AND (SELECT status FROM executions WHERE id = idempotency_keys.workflow_id)
                            NOT IN ('RUNNING', 'PAUSED')
                        """,
                    arguments: [claim.key, workflow.workflowId, claim.takesOverEnded])
                guard db.changesCount == 1 else { return .conflict }
            }
            try db.execute(
                sql: """
                    INSERT INTO executions (id, name, version, status, correlation_id, start_time, end_time,
                        update_time, parent_workflow_id, idempotency_key, revision, wake_at, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """,
                arguments: [
                    workflow.workflowId, workflow.workflowName, workflow.workflowVersion, workflow.status.rawValue,
                    workflow.correlationId, workflow.startTime, workflow.endTime, workflow.updateTime,
                    workflow.parentWorkflowId, workflow.idempotencyKey, revision, rows.commit.wakeAt, rows.state,
                ])
        }
        guard db.changesCount == 1 else { return .conflict }

        for effect in rows.commit.effects {
            switch effect {
            case .enqueue(let entry):
                try db.execute(
                    sql: """
                        INSERT INTO queue (task_id, workflow_id, task_type, domain, priority, visible_at, leased_until)
                        VALUES (?, ?, ?, ?, ?, ?, 0)
                        ON CONFLICT (task_id) DO UPDATE SET visible_at = excluded.visible_at, leased_until = 0
                        """,
                    arguments: [entry.taskId, entry.workflowId, entry.taskType, entry.domain ?? "", entry.priority, entry.visibleAt])
            case .dequeue(let taskId):
                try db.execute(sql: "DELETE FROM queue WHERE task_id = ?", arguments: [taskId])
            case .startWorkflow, .notifyParent, .terminateWorkflow:
                break  // the engine made them into the linked commits
            }
        }
        for row in rows.tasks {
            let task = row.task
            try db.execute(
                sql: """
                    INSERT INTO task_index (task_id, workflow_id, workflow_type, correlation_id, task_type, task_def_name,
                        reference_name, status, domain, scheduled_time, start_time, end_time, update_time, task)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (task_id) DO UPDATE SET correlation_id = excluded.correlation_id,
                        status = excluded.status, domain = excluded.domain, scheduled_time = excluded.scheduled_time,
                        start_time = excluded.start_time, end_time = excluded.end_time,
                        update_time = excluded.update_time, task = excluded.task
                    """,
                arguments: [
                    task.taskId, workflow.workflowId, task.workflowType, task.correlationId, task.taskType, task.taskDefName,
                    task.referenceTaskName, task.status.rawValue, row.domain, task.scheduledTime, task.startTime,
                    task.endTime, task.updateTime, row.json,
                ])
        }
        for taskId in rows.commit.removedTaskIds {
            try db.execute(sql: "DELETE FROM task_index WHERE task_id = ?", arguments: [taskId])
            try db.execute(sql: "DELETE FROM task_logs WHERE task_id = ?", arguments: [taskId])
            try db.execute(sql: "DELETE FROM queue WHERE task_id = ?", arguments: [taskId])
        }
        for (change, json) in zip(rows.commit.changes, rows.changes) {
            try db.execute(
                sql: "INSERT INTO change_log (time, workflow_id, event) VALUES (?, ?, ?)",
                arguments: [change.time, workflow.workflowId, json])
        }
        try insertLogs(rows.commit.taskLogs, in: db)
        return .committed(revision: revision)
    }

    public func removeExecution(id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM task_logs WHERE task_id IN (SELECT task_id FROM task_index WHERE workflow_id = ?)",
                arguments: [id])
            try db.execute(sql: "DELETE FROM task_index WHERE workflow_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM queue WHERE workflow_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE workflow_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM executions WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func workflowId(ofTask taskId: String) async throws(StoreError) -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT workflow_id FROM task_index WHERE task_id = ?", arguments: [taskId])
        }
    }

    public func workflowId(forIdempotencyKey key: String) async throws(StoreError) -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT workflow_id FROM idempotency_keys WHERE key = ?", arguments: [key])
        }
    }

    public func search(_ query: ExecutionQuery) async throws(StoreError) -> SearchPage {
        let filter = ExecutionFilter(query)
        let arguments = filter.arguments.map(\.databaseValue)
        let (total, states) = try await read { db in
            let total = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM executions\(filter.whereClause)", arguments: StatementArguments(arguments)) ?? 0
            let states = try String.fetchAll(
                db, sql: "SELECT state FROM executions\(filter.whereClause)\(filter.orderClause) LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [query.limit.databaseValue, query.offset.databaseValue]))
            return (total, states)
        }
        let results = try states.map { json throws(StoreError) in
            var workflow = try JSONText.decode(Workflow.self, from: json)
            workflow.tasks = []
            return workflow
        }
        return SearchPage(totalHits: total, results: results)
    }

    // MARK: Task index

    public func taskCounts(taskType: String, since: Int) async throws(StoreError) -> TaskCounts {
        try await read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COUNT(*) FROM task_index WHERE task_type = ? AND status = 'IN_PROGRESS'),
                        (SELECT COUNT(*) FROM task_index WHERE task_type = ? AND start_time >= ?)
                    """,
                arguments: [taskType, taskType, max(since, 1)])
            return TaskCounts(inProgress: row?[0] ?? 0, startedSince: row?[1] ?? 0)
        }
    }

    // MARK: Queues and timers

    public func claim(taskType: String, domain: String?, count: Int, now: Int, leaseMillis: Int) async throws(StoreError) -> [QueueClaim] {
        try await write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    UPDATE queue SET leased_until = ?
                    WHERE task_id IN (
                        SELECT task_id FROM queue
                        WHERE task_type = ? AND domain = ? AND visible_at <= ? AND leased_until <= ?
                        ORDER BY priority DESC, visible_at LIMIT ?)
                    RETURNING task_id, workflow_id, priority, visible_at
                    """,
                arguments: [now + leaseMillis, taskType, domain ?? "", now, now, count])
            // RETURNING follows no ORDER BY, so order the claims here.
            return rows.map { (claim: QueueClaim(taskId: $0["task_id"], workflowId: $0["workflow_id"]), priority: $0["priority"] as Int, visibleAt: $0["visible_at"] as Int) }
                .sorted { ($0.priority, -$0.visibleAt) > ($1.priority, -$1.visibleAt) }
                .map(\.claim)
        }
    }

    public func claimDueExecutions(now: Int, leaseMillis: Int, limit: Int) async throws(StoreError) -> [String] {
        try await write { db in
            try String.fetchAll(
                db,
                sql: """
                    UPDATE executions SET wake_at = ?
                    WHERE id IN (SELECT id FROM executions WHERE wake_at <= ? ORDER BY wake_at LIMIT ?)
                    RETURNING id
                    """,
                arguments: [now + leaseMillis, now, limit])
        }
    }

    public func nextWakeUp() async throws(StoreError) -> Int? {
        try await read { db in try Int.fetchOne(db, sql: "SELECT MIN(wake_at) FROM executions") }
    }

    public func queueSizes() async throws(StoreError) -> [String: Int] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT task_type, domain, COUNT(*) AS size FROM queue GROUP BY task_type, domain")
            var sizes: [String: Int] = [:]
            for row in rows {
                let type: String = row["task_type"]
                let domain: String = row["domain"]
                sizes[domain.isEmpty ? type : "\(domain):\(type)", default: 0] += row["size"] as Int
            }
            return sizes
        }
    }

    // MARK: Logs and poll data

    public func taskLogs(taskId: String) async throws(StoreError) -> [TaskExecLog] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT created_time, log FROM task_logs WHERE task_id = ? ORDER BY id", arguments: [taskId]
            ).map { TaskExecLog(log: $0["log"], taskId: taskId, createdTime: $0["created_time"]) }
        }
    }

    public func appendTaskLogs(_ logs: [TaskExecLog]) async throws(StoreError) {
        try await write { db in try Self.insertLogs(logs, in: db) }
    }

    static func insertLogs(_ logs: [TaskExecLog], in db: Database) throws {
        for log in logs {
            try db.execute(
                sql: "INSERT INTO task_logs (task_id, created_time, log) VALUES (?, ?, ?)",
                arguments: [log.taskId ?? "", log.createdTime ?? 0, log.log])
        }
    }

    public func recordPoll(taskType: String, domain: String?, workerId: String?, time: Int) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO poll_data (task_type, domain, worker_id, last_poll_time) VALUES (?, ?, ?, ?)
                    ON CONFLICT (task_type, domain) DO UPDATE SET worker_id = excluded.worker_id, last_poll_time = excluded.last_poll_time
                    """,
                arguments: [taskType, domain ?? "", workerId, time])
        }
    }

    public func pollData(taskType: String?) async throws(StoreError) -> [PollData] {
        try await read { db in
            let sql = "SELECT task_type, domain, worker_id, last_poll_time FROM poll_data"
            let rows =
                if let taskType {
                    try Row.fetchAll(db, sql: sql + " WHERE task_type = ? ORDER BY domain", arguments: [taskType])
                } else {
                    try Row.fetchAll(db, sql: sql + " ORDER BY task_type, domain")
                }
            return rows.map { row in
                let domain: String = row["domain"]
                return PollData(
                    queueName: row["task_type"], domain: domain.isEmpty ? nil : domain, workerId: row["worker_id"],
                    lastPollTime: row["last_poll_time"])
            }
        }
    }

    // MARK: Change log

    public func changes(after sequence: Int64, limit: Int) async throws(StoreError) -> [StoredChange] {
        let rows = try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, event FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [sequence, limit]
            ).map { (sequence: $0["seq"] as Int64, json: $0["event"] as String) }
        }
        return try rows.map { row throws(StoreError) in
            StoredChange(sequence: row.sequence, event: try JSONText.decode(ChangeEvent.self, from: row.json))
        }
    }
}

extension ExecutionFilter.Value {
    var databaseValue: DatabaseValue {
        switch self {
        case .int(let value): value.databaseValue
        case .text(let value): value.databaseValue
        }
    }
}
