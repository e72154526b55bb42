import GRDB

/// The schema, as plain SQL migrations. A released migration is never edited; add a new one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE task_defs (
                    name TEXT PRIMARY KEY,
                    definition TEXT NOT NULL
                );
                CREATE TABLE workflow_defs (
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    definition TEXT NOT NULL,
                    PRIMARY KEY (name, version)
                );
                CREATE TABLE executions (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    correlation_id TEXT,
                    start_time INTEGER NOT NULL,
                    end_time INTEGER NOT NULL,
                    update_time INTEGER NOT NULL,
                    parent_workflow_id TEXT,
                    idempotency_key TEXT,
                    revision INTEGER NOT NULL,
                    wake_at INTEGER,
                    state TEXT NOT NULL
                );
                CREATE INDEX executions_by_name ON executions (name, status, start_time);
                CREATE INDEX executions_by_status ON executions (status, start_time);
                CREATE INDEX executions_by_correlation ON executions (correlation_id);
                CREATE INDEX executions_by_start ON executions (start_time);
                CREATE INDEX executions_by_wake ON executions (wake_at) WHERE wake_at IS NOT NULL;
                CREATE TABLE task_index (
                    task_id TEXT PRIMARY KEY,
                    workflow_id TEXT NOT NULL
                );
                CREATE INDEX task_index_by_workflow ON task_index (workflow_id);
                CREATE TABLE queue (
                    task_id TEXT PRIMARY KEY,
                    workflow_id TEXT NOT NULL,
                    task_type TEXT NOT NULL,
                    domain TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    visible_at INTEGER NOT NULL,
                    leased_until INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX queue_by_type ON queue (task_type, domain, priority DESC, visible_at);
                CREATE INDEX queue_by_workflow ON queue (workflow_id);
                CREATE TABLE task_logs (
                    id INTEGER PRIMARY KEY,
                    task_id TEXT NOT NULL,
                    created_time INTEGER NOT NULL,
                    log TEXT NOT NULL
                );
                CREATE INDEX task_logs_by_task ON task_logs (task_id);
                CREATE TABLE poll_data (
                    task_type TEXT NOT NULL,
                    domain TEXT NOT NULL,
                    worker_id TEXT,
                    last_poll_time INTEGER NOT NULL,
                    PRIMARY KEY (task_type, domain)
                );
                CREATE TABLE change_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    time INTEGER NOT NULL,
                    workflow_id TEXT NOT NULL,
                    event TEXT NOT NULL
                );
                CREATE INDEX change_log_by_workflow ON change_log (workflow_id, seq);
                """)
        }
        migrator.registerMigration("v2 idempotency keys") { db in
            try db.execute(sql: """
                CREATE TABLE idempotency_keys (
                    key TEXT PRIMARY KEY,
                    workflow_id TEXT NOT NULL
                );
                CREATE INDEX idempotency_keys_by_workflow ON idempotency_keys (workflow_id);
                """)
        }
        migrator.registerMigration("v3 change feed and webhooks") { db in
            try db.execute(sql: """
                CREATE INDEX change_log_by_time ON change_log (time);
                CREATE TABLE change_log_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    pruned_through INTEGER NOT NULL
                );
                INSERT INTO change_log_state (id, pruned_through) VALUES (1, 0);
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY,
                    definition TEXT NOT NULL,
                    cursor INTEGER NOT NULL,
                    lease_owner TEXT,
                    leased_until INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE webhook_parked (
                    webhook_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    workflow_id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    first_attempt_time INTEGER NOT NULL,
                    next_attempt_time INTEGER NOT NULL,
                    PRIMARY KEY (webhook_id, seq)
                );
                CREATE TABLE webhook_deliveries (
                    id INTEGER PRIMARY KEY,
                    webhook_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    workflow_id TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    status_code INTEGER,
                    error TEXT,
                    time INTEGER NOT NULL,
                    delivered INTEGER NOT NULL
                );
                CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
                """)
        }
        migrator.registerMigration("v5 task index") { db in
            // Each attempt's searchable fields and JSON, rebuilt from the executions' own tasks.
            try db.execute(sql: """
                DROP TABLE task_index;
                CREATE TABLE task_index (
                    task_id TEXT PRIMARY KEY,
                    workflow_id TEXT NOT NULL,
                    workflow_type TEXT NOT NULL,
                    correlation_id TEXT,
                    task_type TEXT NOT NULL,
                    task_def_name TEXT NOT NULL,
                    reference_name TEXT NOT NULL,
                    status TEXT NOT NULL,
                    domain TEXT NOT NULL,
                    scheduled_time INTEGER NOT NULL,
                    start_time INTEGER NOT NULL,
                    end_time INTEGER NOT NULL,
                    update_time INTEGER NOT NULL,
                    task TEXT NOT NULL
                );
                INSERT INTO task_index
                SELECT json_extract(t.value, '$.taskId'), e.id, json_extract(t.value, '$.workflowType'),
                    json_extract(t.value, '$.correlationId'), json_extract(t.value, '$.taskType'),
                    json_extract(t.value, '$.taskDefName'), json_extract(t.value, '$.referenceTaskName'),
                    json_extract(t.value, '$.status'), COALESCE(json_extract(t.value, '$.domain'), ''),
                    json_extract(t.value, '$.scheduledTime'), json_extract(t.value, '$.startTime'),
                    json_extract(t.value, '$.endTime'), json_extract(t.value, '$.updateTime'), t.value
                FROM executions e, json_each(e.state, '$.tasks') t;
                CREATE INDEX task_index_by_workflow ON task_index (workflow_id);
                CREATE INDEX task_index_by_type_status ON task_index (task_type, status);
                CREATE INDEX task_index_by_type_start ON task_index (task_type, start_time);
                """)
        }
        return migrator
    }
}
