import BatonCore
public import BatonModel

/// Conductor's event handlers (`/api/event`): registration, validated on the way in, and the
/// orders their actions give, carried out through the engine's own operations.
extension Engine {
    /// Adds a handler; one of the same name already there is a conflict (409, as in Conductor).
    public func addEventHandler(_ handler: EventHandler) async throws(EngineError) {
        try Self.validate(handler)
        try await storeCall { try await store.addEventHandler(handler) }
    }

    /// Replaces the handler of the same name.
    public func updateEventHandler(_ handler: EventHandler) async throws(EngineError) {
        try Self.validate(handler)
        guard try await storeCall({ try await store.updateEventHandler(handler) }) else {
            throw .notFound("EventHandler with name \(handler.name) not found!")
        }
    }

    /// Every handler, by name.
    public func eventHandlers() async throws(EngineError) -> [EventHandler] {
        try await storeCall { try await store.eventHandlers() }
    }

    /// The handlers of `event`; with `activeOnly`, only the active ones.
    public func eventHandlers(forEvent event: String, activeOnly: Bool) async throws(EngineError) -> [EventHandler] {
        try await eventHandlers().filter { $0.event == event && (!activeOnly || $0.isActive) }
    }

    public func deleteEventHandler(named name: String) async throws(EngineError) {
        guard try await storeCall({ try await store.deleteEventHandler(named: name) }) else {
            throw .notFound("EventHandler with name \(name) not found!")
        }
    }

    private static func validate(_ handler: EventHandler) throws(EngineError) {
        do { try EventHandling.validate(handler) } catch { throw .invalid(error.message) }
    }

    /// Whether `handler`'s condition holds for `payload`, the script run off the cooperative pool
    /// as a decision's scripts are.
    func admits(_ handler: EventHandler, payload: JSONValue) async throws(ScriptError) -> Bool {
        let scripts = scripts
        return try await Self.onOwnThread { () -> Result<Bool, ScriptError> in
            do throws(ScriptError) {
                return .success(try EventHandling.admits(handler, payload: payload, scripts: scripts))
            } catch {
                return .failure(error)
            }
        }.get()
    }

    /// Carries out one action's order. A start takes `idempotencyKey` (RETURN_EXISTING), so that
    /// the same action of the same event, carried out again after a crash, starts nothing new;
    /// the other orders are answered, not applied twice, when the task or workflow has moved on.
    /// Returns what it did, for the log.
    func carryOut(_ order: EventOrder, idempotencyKey: String) async throws(EngineError) -> String {
        switch order {
        case .startWorkflow(var request):
            request.idempotencyKey = idempotencyKey
            request.idempotencyStrategy = .returnExisting
            let workflow = try await start(request)
            return "started \(request.name) \(workflow.workflowId)"
        case .updateTask(let target, let status, let output, let reason):
            switch target {
            case .task(let taskId):
                var result = TaskResult(taskId: taskId, status: status, outputData: output)
                result.reasonForIncompletion = reason
                let task = try await update(result)
                return "task \(taskId) is \(task.status.rawValue)"
            case .reference(let workflowId, let taskRefName):
                guard
                    let task = try await update(
                        workflowId: workflowId, referenceName: taskRefName, status: status, output: output, workerId: nil,
                        reason: reason)
                else { return "nothing pending for \(taskRefName) in workflow \(workflowId)" }
                return "task \(taskRefName) of workflow \(workflowId) is \(task.status.rawValue)"
            }
        case .updateVariables(let workflowId, let variables, let appendArray):
            try await apply(.updateVariables(variables, appendArray: appendArray), to: workflowId)
            return "variables of workflow \(workflowId) set: \(variables.keys.sorted().joined(separator: ", "))"
        case .terminate(let workflowId, let reason):
            try await terminate(workflowId, reason: reason, compensate: false, triggerFailureWorkflow: false)
            return "workflow \(workflowId) terminated"
        }
    }
}
