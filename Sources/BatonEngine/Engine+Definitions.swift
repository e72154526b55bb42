import BatonCore
public import BatonModel

/// Metadata: task and workflow definitions, validated on the way in.
extension Engine {
    /// Registers or replaces task definitions (Conductor's `POST /metadata/taskdefs`).
    public func saveTaskDefs(_ definitions: [TaskDef]) async throws(EngineError) {
        let now = clock.now()
        var accepted: [TaskDef] = []
        for definition in definitions {
            do { try DefinitionValidator.validate(definition) } catch { throw .invalid(error.message) }
            var stored = definition.withDefaults()
            stored.createTime = definition.createTime ?? now
            accepted.append(stored)
        }
        let saved = accepted
        try await storeCall { try await store.saveTaskDefs(saved) }
        taskDefinitions.withLock { cache in
            for definition in saved { cache[definition.name] = definition }
        }
    }

    /// Replaces an existing task definition (`PUT /metadata/taskdefs`).
    public func updateTaskDef(_ definition: TaskDef) async throws(EngineError) {
        guard let existing = try await taskDef(named: definition.name) else {
            throw .notFound("No such taskType found by name: \(definition.name)")
        }
        var updated = definition
        updated.createTime = existing.createTime
        updated.updateTime = clock.now()
        try await saveTaskDefs([updated])
    }

    public func taskDef(named name: String) async throws(EngineError) -> TaskDef? {
        try await storeCall { try await store.taskDef(named: name) }
    }

    public func taskDefs() async throws(EngineError) -> [TaskDef] {
        try await storeCall { try await store.taskDefs() }
    }

    public func deleteTaskDef(named name: String) async throws(EngineError) {
        guard try await storeCall({ try await store.deleteTaskDef(named: name) }) else {
            throw .notFound("No such taskType found by name: \(name)")
        }
        _ = taskDefinitions.withLock { $0.removeValue(forKey: name) }
    }

    /// Registers a workflow definition; without `overwrite` an existing name and version is a conflict.
    public func saveWorkflowDef(_ definition: WorkflowDef, overwrite: Bool) async throws(EngineError) {
        let stored = try validated(definition)
        try await checkSubWorkflowsExist(in: stored)
        try await storeCall { try await store.saveWorkflowDef(stored, overwrite: overwrite) }
    }

    /// Checks a definition without saving it.
    public func checkWorkflowDef(_ definition: WorkflowDef) async throws(EngineError) {
        try await checkSubWorkflowsExist(in: try validated(definition))
    }

    /// Every workflow a SUB_WORKFLOW step of `definition` names must be registered (at the version
    /// it names): a step that could never start its child is refused at registration.
    func checkSubWorkflowsExist(in definition: WorkflowDef) async throws(EngineError) {
        for reference in DefinitionValidator.subWorkflowReferences(in: definition) {
            let found = try await storeCall { try await store.workflowDef(named: reference.name, version: reference.version) }
            if found == nil {
                let version = reference.version.map { " version \($0)" } ?? ""
                throw .invalid(
                    "workflowDef '\(definition.name)' task '\(reference.taskReferenceName)': subWorkflowParam names workflow '\(reference.name)'\(version), which is not registered")
            }
        }
    }

    /// Validates a definition and fills in Conductor's defaults.
    func validated(_ definition: WorkflowDef) throws(EngineError) -> WorkflowDef {
        do { try DefinitionValidator.validate(definition) } catch { throw .invalid(error.message) }
        var stored = definition.withDefaults()
        if stored.createTime == nil { stored.createTime = clock.now() }
        return stored
    }

    public func workflowDef(named name: String, version: Int?) async throws(EngineError) -> WorkflowDef {
        guard let definition = try await storeCall({ try await store.workflowDef(named: name, version: version) }) else {
            throw .notFound("No such workflow found by name: \(name), version: \(version.map(String.init) ?? "null")")
        }
        return definition
    }

    public func workflowDefs() async throws(EngineError) -> [WorkflowDef] {
        try await storeCall { try await store.workflowDefs() }
    }

    public func deleteWorkflowDef(named name: String, version: Int) async throws(EngineError) {
        guard try await storeCall({ try await store.deleteWorkflowDef(named: name, version: version) }) else {
            throw .notFound("No such workflow found by name: \(name), version: \(version)")
        }
    }
}
