import BatonCore
public import BatonModel
public import BatonStore

/// Starting, reading, searching and operating executions.
extension Engine {
    /// Starts an execution and returns its id once the start is durable.
    public func start(_ request: StartWorkflowRequest) async throws(EngineError) -> Workflow {
        let definition = try await definition(for: request)
        var ids = UUIDGenerator()
        let workflow = Workflow.starting(request, definition: definition, id: ids.next(), now: clock.now())
        guard let key = request.idempotencyKey, !key.isEmpty else {
            guard let created = try await create(workflow) else {
                throw .conflict("Workflow \(workflow.workflowId) already exists")
            }
            return created.workflow
        }
        return try await start(workflow, idempotencyKey: key, strategy: request.idempotencyStrategy ?? .fail)
    }

    /// Starts `workflow` under an idempotency key. The store holds each key for one execution, so
    /// of concurrent starts with one key exactly one creates; the others meet that one and answer
    /// by `strategy`.
    private func start(
        _ workflow: Workflow, idempotencyKey key: String, strategy: IdempotencyStrategy
    ) async throws(EngineError) -> Workflow {
        let claim = IdempotencyKeyClaim(key: key, takesOverEnded: strategy == .failOnRunning)
        // Each round either creates or finds the holder; a holder that ends or is removed between
        // the two makes another round.
        for _ in 0..<5 {
            if let created = try await create(workflow, claiming: claim) { return created.workflow }
            guard let holderId = try await storeCall({ try await store.workflowId(forIdempotencyKey: key) }),
                let holder = try await storeCall({ try await store.execution(id: holderId) })?.workflow
            else { continue }
            switch strategy {
            case .returnExisting:
                return holder
            case .fail:
                throw .conflict("A workflow with idempotencyKey '\(key)' already exists: \(holderId)")
            case .failOnRunning:
                if !holder.status.isTerminal {
                    throw .conflict("A workflow with idempotencyKey '\(key)' is still \(holder.status.rawValue): \(holderId)")
                }
            }
        }
        throw .unavailable("the idempotency key '\(key)' is changing hands too fast; try again")
    }

    /// The definition a start request runs: its inline one, validated, or the registered one it names.
    func definition(for request: StartWorkflowRequest) async throws(EngineError) -> WorkflowDef {
        if let priority = request.priority, !(0...99).contains(priority) {
            throw .invalid("priority must be between 0 and 99 (got \(priority))")
        }
        if let inline = request.workflowDef {
            let definition = try validated(inline)
            try await checkSubWorkflowsExist(in: definition)
            return definition
        }
        guard let registered = try await storeCall({ try await store.workflowDef(named: request.name, version: request.version) }) else {
            throw .notFound("No such workflow defined. name=\(request.name), version=\(request.version.map(String.init) ?? "null")")
        }
        return registered
    }

    /// Starts an execution and waits until it ends, one of `waitUntil` task references ends, it
    /// or a sub-workflow it runs reaches a WAIT task that only a signal ends (as Conductor's
    /// synchronous execution does: a WAIT with a duration or an until ends by itself, so it is
    /// waited through), or `timeout` passes; returns it as it then stands.
    public func execute(
        _ request: StartWorkflowRequest, waitUntil references: Set<String>, timeout: Duration
    ) async throws(EngineError) -> Workflow {
        let started = try await start(request)
        return try await waitFor(started.workflowId, timeout: timeout) { workflow throws(EngineError) in
            if workflow.status.isTerminal { return true }
            return try await isBlocked(workflow, onAnyOf: references)
        }
    }

    /// Whether `workflow`, or a sub-workflow it runs, waits on a signal or has ended one of `references`.
    private func isBlocked(_ workflow: Workflow, onAnyOf references: Set<String>) async throws(EngineError) -> Bool {
        for task in workflow.tasks {
            if task.workflowTask.taskType == .wait && !task.status.isTerminal && task.waitTimeout == nil { return true }
            if references.contains(task.referenceTaskName) && task.status.isTerminal { return true }
            if task.workflowTask.taskType == .subWorkflow, !task.status.isTerminal, let childId = task.subWorkflowId,
               try await isBlocked(self.workflow(id: childId), onAnyOf: references) {
                return true
            }
        }
        return false
    }

    /// Waits until the execution satisfies `condition` or `timeout` passes, and returns it.
    func waitFor(
        _ workflowId: String, timeout: Duration, until condition: (Workflow) async throws(EngineError) -> Bool
    ) async throws(EngineError) -> Workflow {
        let deadline = ContinuousClock.now + timeout
        while true {
            let workflow = try await workflow(id: workflowId)
            let remaining = ContinuousClock.now.duration(to: deadline)
            if try await condition(workflow) || remaining <= .zero { return workflow }
            await signals.wait(WakeUp.execution(workflowId), timeout: min(remaining, .milliseconds(250)))
        }
    }

    public func workflow(id: String) async throws(EngineError) -> Workflow {
        guard let stored = try await storeCall({ try await store.execution(id: id) }) else {
            throw .notFound("No such workflow found by id: \(id)")
        }
        return stored.workflow
    }

    /// One page of the executions `query` matches, without their tasks.
    public func search(_ query: ExecutionQuery) async throws(EngineError) -> SearchResult<Workflow> {
        try await storeCall { try await store.search(query) }
    }

    public func pause(_ workflowId: String) async throws(EngineError) {
        try await apply(.pause, to: workflowId)
    }

    public func resume(_ workflowId: String) async throws(EngineError) {
        try await apply(.resume, to: workflowId)
    }

    /// Terminates an execution; with `compensate`, one whose definition has a compensation policy
    /// first undoes its completed steps; with `triggerFailureWorkflow`, its failure workflow starts.
    public func terminate(
        _ workflowId: String, reason: String?, compensate: Bool = false, triggerFailureWorkflow: Bool = false
    ) async throws(EngineError) {
        try await apply(.terminate(reason: reason, compensate: compensate, triggerFailureWorkflow: triggerFailureWorkflow), to: workflowId)
    }

    public func retry(_ workflowId: String, resumeSubworkflowTasks: Bool) async throws(EngineError) {
        try await apply(.retry(resumeSubworkflowTasks: resumeSubworkflowTasks), to: workflowId)
    }

    public func restart(_ workflowId: String, useLatestDefinition: Bool) async throws(EngineError) {
        var definition: WorkflowDef?
        if useLatestDefinition {
            let current = try await workflow(id: workflowId)
            definition = try await workflowDef(named: current.workflowName, version: nil)
        }
        try await apply(.restart(definition: definition), to: workflowId)
    }

    public func rerun(_ workflowId: String, _ request: RerunWorkflowRequest) async throws(EngineError) {
        try await apply(.rerun(request), to: workflowId)
    }

    public func skipTask(_ workflowId: String, referenceName: String, _ request: SkipTaskRequest) async throws(EngineError) {
        try await apply(.skipTask(referenceName: referenceName, request), to: workflowId)
    }

    /// Deletes an execution and everything stored with it.
    public func remove(_ workflowId: String) async throws(EngineError) {
        cache.remove(workflowId)
        guard try await storeCall({ try await store.removeExecution(id: workflowId) }) else {
            throw .notFound("No such workflow found by id: \(workflowId)")
        }
    }
}
