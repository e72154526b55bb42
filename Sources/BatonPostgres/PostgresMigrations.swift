import BatonStore
import Logging
import PostgresNIO

/// One step of the schema: plain SQL statements, applied once, in order, and recorded in
/// `baton_migrations`. A released migration is never edited; add a new one.
struct PostgresMigration: Sendable {
    let version: Int
    let name: String
    let statements: [String]
}

/// The schema of ``PostgresStore``, mirroring `SQLiteMigrations` with PostgreSQL's types: JSONB
/// payloads, BIGINT epoch milliseconds, a BIGSERIAL change log, byte-order (`"C"`) text keys.
enum PostgresMigrations {
    static let all: [PostgresMigration] = [
        PostgresMigration(version: 1, name: "initial schema", statements: [
            """
            CREATE TABLE task_defs (
                name TEXT COLLATE "C" PRIMARY KEY,
                definition JSONB NOT NULL
            )
            """,
            """
            CREATE TABLE workflow_defs (
                name TEXT COLLATE "C" NOT NULL,
                version BIGINT NOT NULL,
                definition JSONB NOT NULL,
                PRIMARY KEY (name, version)
            )
            """,
            """
            CREATE TABLE executions (
                id TEXT COLLATE "C" PRIMARY KEY,
                name TEXT COLLATE "C" NOT NULL,
                version BIGINT NOT NULL,
                status TEXT COLLATE "C" NOT NULL,
                correlation_id TEXT COLLATE "C",
                start_time BIGINT NOT NULL,
                end_time BIGINT NOT NULL,
                update_time BIGINT NOT NULL,
                parent_workflow_id TEXT COLLATE "C",
                idempotency_key TEXT COLLATE "C",
                revision BIGINT NOT NULL,
                wake_at BIGINT,
                state JSONB NOT NULL
            )
            """,
            "CREATE INDEX executions_by_name ON executions (name, status, start_time)",
            "CREATE INDEX executions_by_status ON executions (status, start_time)",
            "CREATE INDEX executions_by_correlation ON executions (correlation_id)",
            "CREATE INDEX executions_by_start ON executions (start_time)",
            "CREATE INDEX executions_by_wake ON executions (wake_at) WHERE wake_at IS NOT NULL",
            """
            CREATE TABLE task_index (
                task_id TEXT COLLATE "C" PRIMARY KEY,
                workflow_id TEXT COLLATE "C" NOT NULL
            )
            """,
            "CREATE INDEX task_index_by_workflow ON task_index (workflow_id)",
            """
            CREATE TABLE queue (
                task_id TEXT COLLATE "C" PRIMARY KEY,
                workflow_id TEXT COLLATE "C" NOT NULL,
                task_type TEXT COLLATE "C" NOT NULL,
                domain TEXT COLLATE "C" NOT NULL,
                priority BIGINT NOT NULL,
                visible_at BIGINT NOT NULL,
                leased_until BIGINT NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX queue_by_type ON queue (task_type, domain, priority DESC, visible_at)",
            "CREATE INDEX queue_by_workflow ON queue (workflow_id)",
            """
            CREATE TABLE task_logs (
                id BIGSERIAL PRIMARY KEY,
                task_id TEXT COLLATE "C" NOT NULL,
                created_time BIGINT NOT NULL,
                log TEXT NOT NULL
            )
            """,
            "CREATE INDEX task_logs_by_task ON task_logs (task_id)",
            """
            CREATE TABLE poll_data (
                task_type TEXT COLLATE "C" NOT NULL,
                domain TEXT COLLATE "C" NOT NULL,
                worker_id TEXT,
                last_poll_time BIGINT NOT NULL,
                PRIMARY KEY (task_type, domain)
            )
            """,
            """
            CREATE TABLE change_log (
                seq BIGSERIAL PRIMARY KEY,
                time BIGINT NOT NULL,
                workflow_id TEXT COLLATE "C" NOT NULL,
                event JSONB NOT NULL
            )
            """,
            "CREATE INDEX change_log_by_workflow ON change_log (workflow_id, seq)",
        ]),
        PostgresMigration(version: 2, name: "idempotency keys", statements: [
            """
            CREATE TABLE idempotency_keys (
                key TEXT COLLATE "C" PRIMARY KEY,
                workflow_id TEXT COLLATE "C" NOT NULL
            )
            """,
            "CREATE INDEX idempotency_keys_by_workflow ON idempotency_keys (workflow_id)",
        ]),
        PostgresMigration(version: 3, name: "change feed and webhooks", statements: [
            "CREATE INDEX change_log_by_time ON change_log (time)",
            """
            CREATE TABLE change_log_state (
                id BIGINT PRIMARY KEY CHECK (id = 1),
                pruned_through BIGINT NOT NULL
            )
            """,
            "INSERT INTO change_log_state (id, pruned_through) VALUES (1, 0)",
            """
            CREATE TABLE webhooks (
                id TEXT COLLATE "C" PRIMARY KEY,
                definition JSONB NOT NULL,
                cursor BIGINT NOT NULL,
                lease_owner TEXT COLLATE "C",
                leased_until BIGINT NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE webhook_parked (
                webhook_id TEXT COLLATE "C" NOT NULL,
                seq BIGINT NOT NULL,
                workflow_id TEXT COLLATE "C" NOT NULL,
                body TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                first_attempt_time BIGINT NOT NULL,
                next_attempt_time BIGINT NOT NULL,
                PRIMARY KEY (webhook_id, seq)
            )
            """,
            """
            CREATE TABLE webhook_deliveries (
                id BIGSERIAL PRIMARY KEY,
                webhook_id TEXT COLLATE "C" NOT NULL,
                seq BIGINT NOT NULL,
                workflow_id TEXT COLLATE "C" NOT NULL,
                attempt BIGINT NOT NULL,
                status_code BIGINT,
                error TEXT,
                time BIGINT NOT NULL,
                delivered BOOLEAN NOT NULL
            )
            """,
            "CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id)",
        ]),
        // Each attempt's searchable fields and JSON, rebuilt from the executions' own tasks.
        PostgresMigration(version: 5, name: "task index", statements: [
            "DROP TABLE task_index",
            """
            CREATE TABLE task_index (
                task_id TEXT COLLATE "C" PRIMARY KEY,
                workflow_id TEXT COLLATE "C" NOT NULL,
                workflow_type TEXT COLLATE "C" NOT NULL,
                correlation_id TEXT COLLATE "C",
                task_type TEXT COLLATE "C" NOT NULL,
                task_def_name TEXT COLLATE "C" NOT NULL,
                reference_name TEXT COLLATE "C" NOT NULL,
                status TEXT COLLATE "C" NOT NULL,
                domain TEXT COLLATE "C" NOT NULL,
                scheduled_time BIGINT NOT NULL,
                start_time BIGINT NOT NULL,
                end_time BIGINT NOT NULL,
                update_time BIGINT NOT NULL,
                task TEXT NOT NULL
            )
            """,
            """
            INSERT INTO task_index
            SELECT t->>'taskId', e.id, t->>'workflowType', t->>'correlationId', t->>'taskType', t->>'taskDefName',
                t->>'referenceTaskName', t->>'status', COALESCE(t->>'domain', ''), (t->>'scheduledTime')::bigint,
                (t->>'startTime')::bigint, (t->>'endTime')::bigint, (t->>'updateTime')::bigint, t::text
            FROM executions e, jsonb_array_elements(e.state->'tasks') t
            """,
            "CREATE INDEX task_index_by_workflow ON task_index (workflow_id)",
            "CREATE INDEX task_index_by_type_status ON task_index (task_type, status)",
            "CREATE INDEX task_index_by_type_start ON task_index (task_type, start_time)",
        ]),
    ]

    /// The newest schema version this build knows.
    static var latest: Int { all.map(\.version).max() ?? 0 }

    /// The key of the transaction-scoped advisory lock that serializes migrations (any fixed
    /// number; advisory locks are per database).
    static let lockKey: Int64 = 0x6261_746F_6E5F_6D67 // "baton_mg"

    /// Brings the schema of the database behind `connection` up to date, in one transaction under
    /// an advisory lock: of several servers starting at once, one migrates, the others then find
    /// nothing left to do. A database newer than this build is an error.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS baton_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var current = 0
            for try await version in try await connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM baton_migrations", logger: logger
            ).decode(Int.self) {
                current = version
            }
            if current > latest {
                throw StoreError.database(
                    "database schema version \(current) is newer than this Baton (\(latest)); upgrade Baton")
            }
            for migration in all where migration.version > current {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO baton_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                logger.info("PostgreSQL schema migrated to version \(migration.version) (\(migration.name))")
            }
        }
    }
}
