public import BatonCore
public import BatonModel

/// Durable state of a Baton server: definitions, executions with their queue entries, wake-up
/// times and change log, task logs and poll data.
///
/// An implementation persists values and runs no engine code inside its transactions. Every
/// change to an execution arrives as a ``Commit`` that carries the revision it was decided on;
/// a batch of commits is one transaction (group commit), and a stale commit fails alone.
public protocol Store: Sendable {
    // MARK: Definitions

    /// Inserts or replaces task definitions by name.
    func saveTaskDefs(_ definitions: [TaskDef]) async throws(StoreError)
    func taskDef(named name: String) async throws(StoreError) -> TaskDef?
    func taskDefs() async throws(StoreError) -> [TaskDef]
    /// Returns whether a definition was there to delete.
    func deleteTaskDef(named name: String) async throws(StoreError) -> Bool

    /// Saves a workflow definition under its name and version; with `overwrite` false an existing
    /// one is a ``StoreError/conflict(_:)``.
    func saveWorkflowDef(_ definition: WorkflowDef, overwrite: Bool) async throws(StoreError)
    /// The definition of `name` at `version`, or its latest version when `version` is `nil`.
    func workflowDef(named name: String, version: Int?) async throws(StoreError) -> WorkflowDef?
    func workflowDefs() async throws(StoreError) -> [WorkflowDef]
    func deleteWorkflowDef(named name: String, version: Int) async throws(StoreError) -> Bool

    // MARK: Executions

    /// The execution and the revision a commit must name to change it.
    func execution(id: String) async throws(StoreError) -> StoredExecution?
    /// Applies `commits` in one transaction and answers each in order; a commit and its
    /// ``Commit/linked`` commits are answered together, `.conflict` when any of them is stale.
    func commit(_ commits: [Commit]) async throws(StoreError) -> [CommitOutcome]
    /// Deletes an execution with its queue entries, task index rows and logs.
    func removeExecution(id: String) async throws(StoreError) -> Bool
    /// The execution a task attempt belongs to.
    func workflowId(ofTask taskId: String) async throws(StoreError) -> String?
    /// The execution that holds an idempotency key, if any.
    func workflowId(forIdempotencyKey key: String) async throws(StoreError) -> String?
    /// Executions matching `query`, one page of them, newest first unless sorted otherwise.
    func search(_ query: ExecutionQuery) async throws(StoreError) -> SearchPage

    // MARK: Task index

    /// For poll-time limits on a task type (a definition's `concurrentExecLimit` and rate limit):
    /// how many of its attempts are `IN_PROGRESS` now, and how many started at or after `since`
    /// (epoch milliseconds; never counting attempts not started yet), whatever their status since.
    /// Both are answered from indexes.
    func taskCounts(taskType: String, since: Int) async throws(StoreError) -> TaskCounts

    // MARK: Queues and timers

    /// Leases up to `count` visible queue entries of a task type and domain for `leaseMillis`,
    /// highest priority first, then oldest. Two claims never return the same entry while its lease holds.
    func claim(taskType: String, domain: String?, count: Int, now: Int, leaseMillis: Int) async throws(StoreError) -> [QueueClaim]
    /// Leases up to `limit` executions whose wake-up time has passed, moving their wake-up time
    /// `leaseMillis` ahead so that no other timer loop takes them meanwhile.
    func claimDueExecutions(now: Int, leaseMillis: Int, limit: Int) async throws(StoreError) -> [String]
    /// The earliest wake-up time of any execution, if there is one.
    func nextWakeUp() async throws(StoreError) -> Int?
    /// Entries waiting in each queue, by task type (including ones not yet visible).
    func queueSizes() async throws(StoreError) -> [String: Int]

    // MARK: Logs and poll data

    func taskLogs(taskId: String) async throws(StoreError) -> [TaskExecLog]
    /// Appends log lines outside any execution change (a worker's `POST /tasks/{id}/log`).
    func appendTaskLogs(_ logs: [TaskExecLog]) async throws(StoreError)
    /// Remembers the last poll of a task type, domain and worker.
    func recordPoll(taskType: String, domain: String?, workerId: String?, time: Int) async throws(StoreError)
    func pollData(taskType: String?) async throws(StoreError) -> [PollData]

    // MARK: Wake-ups

    /// Calls `wake` with the ``WakeUp`` of every commit any server makes through this store, until
    /// cancelled. A store that serves one process only (SQLite) has nothing to tell and just waits.
    func listen(for wake: @escaping @Sendable (String) -> Void) async throws

    // MARK: Change log

    /// Change events after sequence number `sequence`, oldest first.
    func changes(after sequence: Int64, limit: Int) async throws(StoreError) -> [StoredChange]

    /// Up to `limit` change events after `sequence` that match `filter`, oldest first, read in
    /// one snapshot together with the log's newest sequence number and retention's watermark.
    ///
    /// Sequence numbers become visible in increasing order, so a reader that continues from
    /// ``ChangePage/lastSequence`` never misses an event that commits later with a smaller one:
    /// SQLite has one writer, whose transactions commit in the order they took their numbers;
    /// PostgreSQL batches take their numbers under a transaction-scoped advisory lock, held until
    /// they commit, so a batch with greater numbers cannot commit before one with smaller numbers.
    func changes(after sequence: Int64, limit: Int, matching filter: ChangeFilter) async throws(StoreError) -> ChangePage
    /// The newest sequence number the log has handed out (retained or pruned); 0 for an empty log.
    func latestChangeSequence() async throws(StoreError) -> Int64
    /// Deletes the change events written before `time` (epoch milliseconds), and every event
    /// before the newest of them, and moves ``ChangePage/prunedThrough`` past them. Idempotent:
    /// several servers may prune at once. Returns how many events it deleted.
    func pruneChanges(before time: Int) async throws(StoreError) -> Int

    // MARK: Webhooks

    /// Registers a webhook, its cursor at the newest event of the log: it is sent what happens next.
    func createWebhook(_ webhook: Webhook) async throws(StoreError)
    func webhooks() async throws(StoreError) -> [Webhook]
    func webhook(id: String) async throws(StoreError) -> Webhook?
    /// Deletes a webhook with its parked events and its delivery log.
    func deleteWebhook(id: String) async throws(StoreError) -> Bool
    /// Takes (or renews) the lease on delivering webhook `id` for `owner` until `now + leaseMillis`,
    /// when nobody else holds it, and answers where delivery stands; `nil` when another holds the
    /// lease or the webhook is gone. While a lease holds, no other owner can take it.
    func claimWebhook(id: String, owner: String, now: Int, leaseMillis: Int) async throws(StoreError) -> WebhookProgress?
    /// Applies one step of a webhook's delivery in one transaction, if `update.owner` still holds
    /// the lease; answers whether it did.
    func updateWebhook(_ update: WebhookUpdate) async throws(StoreError) -> Bool
    /// Gives up the lease of `owner` on webhook `id`, so that another server takes it over at once.
    func releaseWebhook(id: String, owner: String) async throws(StoreError)
    /// The newest `limit` delivery attempts to webhook `id`, newest first.
    func deliveries(webhookId: String, limit: Int) async throws(StoreError) -> [DeliveryAttempt]
}

/// An execution as stored, with the revision that optimistic concurrency checks.
public struct StoredExecution: Sendable {
    public var workflow: Workflow
    public var revision: Int

    public init(workflow: Workflow, revision: Int) {
        self.workflow = workflow
        self.revision = revision
    }
}

/// One execution's change: the new state and everything that goes with it, applied together.
public struct Commit: Sendable {
    public var workflow: Workflow
    /// The revision the change was decided on; `nil` creates the execution.
    public var expectedRevision: Int?
    /// Queue entries to add or remove.
    public var effects: [Effect]
    /// When the engine must next wake the execution; `nil` for never.
    public var wakeAt: Int?
    /// The change log rows of this change.
    public var changes: [ChangeEvent]
    /// Log lines workers sent with their reports.
    public var taskLogs: [TaskExecLog]
    /// Task attempts that left the execution (a restart drops them), for the task index.
    public var removedTaskIds: [String]
    /// Task attempts that are new or changed since the revision the commit was decided on: the
    /// rows of the task index it writes.
    public var changedTaskIds: [String]
    /// The ``WakeUp``s to ring once the commit is durable, here and, through a shared store, in
    /// the other servers.
    public var wakeUps: [String]
    /// For a new execution: the idempotency key it takes, unique in the store.
    public var idempotencyKey: IdempotencyKeyClaim?
    /// Commits of other executions that stand or fall with this one (a child started by this
    /// change, the parent its end notifies): all are applied, or, when any is stale, none.
    public var linked: [Commit] = []

    public init(
        workflow: Workflow, expectedRevision: Int?, effects: [Effect] = [], wakeAt: Int?,
        changes: [ChangeEvent], taskLogs: [TaskExecLog] = [], removedTaskIds: [String] = [],
        changedTaskIds: [String]? = nil, wakeUps: [String] = []
    ) {
        self.workflow = workflow
        self.expectedRevision = expectedRevision
        self.effects = effects
        self.wakeAt = wakeAt
        self.changes = changes
        self.taskLogs = taskLogs
        self.removedTaskIds = removedTaskIds
        self.changedTaskIds = changedTaskIds ?? workflow.tasks.map(\.taskId)
        self.wakeUps = wakeUps
    }

    /// The commit of `decision`, decided on `previous` (`nil` for a new execution).
    public init(_ decision: Decision, previous: StoredExecution?, at time: Int, taskLogs: [TaskExecLog] = []) {
        let old = previous?.workflow
        let kept = Set(decision.workflow.tasks.map(\.taskId))
        let before = Dictionary((old?.tasks ?? []).map { ($0.taskId, $0) }, uniquingKeysWith: { _, last in last })
        let changes = ChangeEvent.changes(from: old, to: decision.workflow, at: time)
        self.init(
            workflow: decision.workflow, expectedRevision: previous?.revision, effects: decision.effects,
            wakeAt: decision.wakeAt, changes: changes,
            taskLogs: taskLogs, removedTaskIds: (old?.tasks ?? []).map(\.taskId).filter { !kept.contains($0) },
            changedTaskIds: decision.workflow.tasks.filter { before[$0.taskId] != $0 }.map(\.taskId),
            wakeUps: WakeUp.keys(
                workflowId: decision.workflow.workflowId, effects: decision.effects, wakeAt: decision.wakeAt, time: time,
                changed: !changes.isEmpty)
        )
    }
}

/// A new execution's claim on an idempotency key.
public struct IdempotencyKeyClaim: Sendable, Hashable {
    public var key: String
    /// Whether the key may pass from an execution that has ended to this one
    /// (`FAIL_ON_RUNNING`); otherwise a key, once taken, stays with its execution.
    public var takesOverEnded: Bool

    public init(key: String, takesOverEnded: Bool) {
        self.key = key
        self.takesOverEnded = takesOverEnded
    }
}

/// How one commit of a batch ended.
public enum CommitOutcome: Sendable, Hashable {
    /// Applied; the execution now has this revision.
    case committed(revision: Int)
    /// The execution changed since the commit was decided (or, for a creation, its id or its
    /// idempotency key is taken): nothing of this commit was applied.
    case conflict
}

/// A leased queue entry.
public struct QueueClaim: Sendable, Hashable {
    public var taskId: String
    public var workflowId: String

    public init(taskId: String, workflowId: String) {
        self.taskId = taskId
        self.workflowId = workflowId
    }
}

/// The last poll of a queue (Conductor's `PollData`).
public struct PollData: Sendable, Hashable, Codable {
    public var queueName: String
    public var domain: String?
    public var workerId: String?
    public var lastPollTime: Int

    public init(queueName: String, domain: String?, workerId: String?, lastPollTime: Int) {
        self.queueName = queueName
        self.domain = domain
        self.workerId = workerId
        self.lastPollTime = lastPollTime
    }
}

/// A change event with its place in the log.
public struct StoredChange: Sendable, Hashable {
    public var sequence: Int64
    public var event: ChangeEvent

    public init(sequence: Int64, event: ChangeEvent) {
        self.sequence = sequence
        self.event = event
    }
}

/// A failure of the store itself; its message says what went wrong.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// A definition that already exists was saved without overwrite.
    case conflict(String)
    /// The database could not be opened or answered with an error.
    case database(String)

    public var description: String {
        switch self {
        case .conflict(let message), .database(let message): return message
        }
    }
}

extension Store {
    /// One process, one engine: every wake-up is rung in-process already.
    public func listen(for wake: @escaping @Sendable (String) -> Void) async throws {
        while true { try await _Concurrency.Task.sleep(for: .seconds(3600)) }
    }
}
