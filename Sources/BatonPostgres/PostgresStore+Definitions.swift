public import BatonModel
public import BatonStore
import PostgresNIO

extension PostgresStore {
    public func saveTaskDefs(_ definitions: [TaskDef]) async throws(StoreError) {
        // One statement may not update a row twice: of several with one name, the last wins.
        var names: [String] = []
        var documents: [String] = []
        var seen = Set<String>()
        for definition in definitions.reversed() where seen.insert(definition.name).inserted {
            names.append(definition.name)
            documents.append(try JSONText.encode(definition))
        }
        guard !names.isEmpty else { return }
        try await rows(
            """
            INSERT INTO task_defs (name, definition)
            SELECT name, definition::jsonb FROM unnest(\(names)::text[], \(documents)::text[]) AS t(name, definition)
            ON CONFLICT (name) DO UPDATE SET definition = excluded.definition
            """)
        try await announceDefinitions()
    }

    public func taskDef(named name: String) async throws(StoreError) -> TaskDef? {
        let documents = try await fetch("SELECT definition::text FROM task_defs WHERE name = \(name)") { try $0.decode(String.self) }
        return try documents.first.map { json throws(StoreError) in try JSONText.decode(TaskDef.self, from: json) }
    }

    public func taskDefs() async throws(StoreError) -> [TaskDef] {
        let documents = try await fetch("SELECT definition::text FROM task_defs ORDER BY name") { try $0.decode(String.self) }
        return try documents.map { json throws(StoreError) in try JSONText.decode(TaskDef.self, from: json) }
    }

    public func deleteTaskDef(named name: String) async throws(StoreError) -> Bool {
        let deleted = try await !rows("DELETE FROM task_defs WHERE name = \(name) RETURNING name").isEmpty
        if deleted { try await announceDefinitions() }
        return deleted
    }

    /// Tells the other servers that task definitions changed, so that they reload theirs.
    private func announceDefinitions() async throws(StoreError) {
        try await rows("SELECT pg_notify(\(Self.wakeUpChannel), \(WakeUp.definitions))")
    }

    public func saveWorkflowDef(_ definition: WorkflowDef, overwrite: Bool) async throws(StoreError) {
        let json = try JSONText.encode(definition)
        let name = definition.name
        let version = definition.effectiveVersion
        if overwrite {
            try await rows(
                """
                INSERT INTO workflow_defs (name, version, definition) VALUES (\(name), \(version), \(json)::jsonb)
                ON CONFLICT (name, version) DO UPDATE SET definition = excluded.definition
                """)
        } else {
            let inserted = try await rows(
                """
                INSERT INTO workflow_defs (name, version, definition) VALUES (\(name), \(version), \(json)::jsonb)
                ON CONFLICT DO NOTHING RETURNING version
                """)
            if inserted.isEmpty { throw .conflict("Workflow with \(name).\(version) already exists!") }
        }
    }

    public func workflowDef(named name: String, version: Int?) async throws(StoreError) -> WorkflowDef? {
        let query: PostgresQuery =
            if let version {
                "SELECT definition::text FROM workflow_defs WHERE name = \(name) AND version = \(version)"
            } else {
                "SELECT definition::text FROM workflow_defs WHERE name = \(name) ORDER BY version DESC LIMIT 1"
            }
        let documents = try await fetch(query) { try $0.decode(String.self) }
        return try documents.first.map { json throws(StoreError) in try JSONText.decode(WorkflowDef.self, from: json) }
    }

    public func workflowDefs() async throws(StoreError) -> [WorkflowDef] {
        let documents = try await fetch("SELECT definition::text FROM workflow_defs ORDER BY name, version") { try $0.decode(String.self) }
        return try documents.map { json throws(StoreError) in try JSONText.decode(WorkflowDef.self, from: json) }
    }

    public func deleteWorkflowDef(named name: String, version: Int) async throws(StoreError) -> Bool {
        try await !rows("DELETE FROM workflow_defs WHERE name = \(name) AND version = \(version) RETURNING version").isEmpty
    }
}
