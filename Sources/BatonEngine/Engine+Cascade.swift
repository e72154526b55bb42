import BatonCore
import BatonModel
import BatonStore

/// Linked effects: a decision that starts, notifies or terminates other executions is committed
/// with their decisions, in one transaction (``Cascade``).
extension Engine {
    /// How deep starts may nest within one cascade: a workflow that starts itself as its first
    /// step fails there instead of recursing forever.
    static let maxStartDepth = 32

    /// Follows the linked effects of `decision`, decided on `previous`, and commits it with every
    /// execution they changed. Returns the root's decision with whatever the cascade added to it,
    /// or `nil` when some member was stale (nothing was written; decide again).
    func commitCascade(
        from decision: Decision, previous: StoredExecution?, at time: Int, taskLogs: [TaskExecLog] = [],
        idempotencyKey: IdempotencyKeyClaim? = nil
    ) async throws(EngineError) -> Decision? {
        var cascade = Cascade(root: decision, previous: previous)
        try await follow(&cascade)
        var commit = cascade.commit(at: time, taskLogs: taskLogs)
        commit.idempotencyKey = idempotencyKey
        let unit = [commit] + commit.linked
        switch try await batcher.submit(commit) {
        case .committed(let revision):
            cache.put(StoredExecution(workflow: commit.workflow, revision: revision))
            for linked in commit.linked {
                cache.put(StoredExecution(workflow: linked.workflow, revision: (linked.expectedRevision ?? 0) + 1))
            }
            for member in unit { committed(member) }
            return cascade.root
        case .conflict:
            for member in unit { cache.remove(member.workflow.workflowId) }
            return nil
        }
    }

    /// Decides, in memory, every execution the cascade's linked effects reach, until none is left.
    private func follow(_ cascade: inout Cascade) async throws(EngineError) {
        while let (source, effect) = cascade.next() {
            switch effect {
            case .startWorkflow(let start):
                try await startLinked(start, by: source, in: &cascade)
            case .notifyParent(let end):
                try await decide(.childEnded(end), for: end.parent.workflowId, in: &cascade)
            case .terminateWorkflow(let id, let reason):
                try await decide(.terminate(reason: reason), for: id, in: &cascade, unlessEnded: true)
            case .enqueue, .dequeue:
                break
            }
        }
    }

    /// Starts the execution a task asked for and tells the task how that went.
    private func startLinked(_ start: StartRequest, by source: String, in cascade: inout Cascade) async throws(EngineError) {
        let depth = cascade.depth(of: source) + 1
        guard depth <= Self.maxStartDepth else {
            let reason = "Cannot start workflow \(start.request.name): workflows nest more than \(Self.maxStartDepth) deep in one step"
            return try await reply(.startFailed(reason: reason), to: start, in: &cascade)
        }
        var workflow: Workflow
        do throws(EngineError) {
            let definition = try await definition(for: start.request)
            workflow = Workflow.starting(start.request, definition: definition, id: start.workflowId, now: clock.now())
        } catch {
            if case .store = error { throw error }
            return try await reply(.startFailed(reason: error.description), to: start, in: &cascade)
        }
        if start.isChild, let requester = start.requester {
            workflow.parentWorkflowId = requester.workflowId
            workflow.parentWorkflowTaskId = requester.taskId
        }
        var environment = try await environment(for: workflow)
        do throws(DecisionError) {
            cascade.add(try Decider.decide(workflow, on: .start, in: &environment), previous: nil, depth: depth)
        } catch {
            return try await reply(.startFailed(reason: error.description), to: start, in: &cascade)
        }
        try await reply(.started, to: start, in: &cascade)
    }

    /// How a linked start went, for the task that asked.
    private enum StartReply {
        case started
        case startFailed(reason: String)
    }

    /// Tells the task that asked for a start how it went; a start nobody waits for (a failure
    /// workflow) that failed is logged.
    private func reply(_ outcome: StartReply, to start: StartRequest, in cascade: inout Cascade) async throws(EngineError) {
        guard let requester = start.requester else {
            if case .startFailed(let reason) = outcome { logger.warning("workflow \(start.request.name) not started: \(reason)") }
            return
        }
        let event: WorkflowEvent =
            switch outcome {
            case .started: .workflowStarted(taskId: requester.taskId, workflowId: start.workflowId)
            case .startFailed(let reason): .startFailed(taskId: requester.taskId, reason: reason)
            }
        try await decide(event, for: requester.workflowId, in: &cascade)
    }

    /// Applies `event` to a member of the cascade, reading the execution first when it is not one
    /// yet. An execution that is gone, or an event it refuses, is logged and passed over: the
    /// cascade's other changes still stand.
    private func decide(
        _ event: WorkflowEvent, for workflowId: String, in cascade: inout Cascade, unlessEnded: Bool = false
    ) async throws(EngineError) {
        if cascade.workflow(workflowId) == nil {
            guard let stored = try await storeCall({ try await store.execution(id: workflowId) }) else {
                logger.warning("\(event) for workflow \(workflowId): it no longer exists")
                return
            }
            cascade.include(stored, depth: 0)
        }
        guard let current = cascade.workflow(workflowId), !(unlessEnded && current.status.isTerminal) else { return }
        var environment = try await environment(for: current)
        do throws(DecisionError) {
            cascade.fold(try Decider.decide(current, on: event, in: &environment))
        } catch {
            logger.warning("\(event) for workflow \(workflowId): \(error)")
        }
    }
}
