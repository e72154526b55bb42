public import BatonCore
import BatonModel
public import BatonStore
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// Load → decide → commit. Every change to an execution goes through ``apply(_:to:taskLogs:)``:
/// it reads the execution, lets the pure ``Decider`` answer the event, and commits the result
/// through the group-commit batcher; a commit that lost a race is decided again.
public final class Engine: Sendable {
    let store: any Store
    let clock: EngineClock
    let logger: Logger
    let batcher: CommitBatcher
    /// Rung per queue (`taskType` or `domain:taskType`) when entries are added, and per execution
    /// id when it changes.
    let signals = Signals()
    let taskDefinitions = Mutex<[String: TaskDef]>([:])
    let cache = ExecutionCache()
    /// Where workers poll, for `taskToDomain` lists.
    let activeWorkers = ActiveWorkers()
    /// One decision at a time per execution in this process.
    let executionLocks = KeyedLock()
    /// One poll at a time per task type with limits (``TaskLimits``) in this process.
    let limitLocks = KeyedLock()
    /// Runs the scripts of INLINE, SWITCH, DO_WHILE and JSON_JQ_TRANSFORM steps for the decider.
    let scripts: any ScriptEvaluator
    /// Performs the calls of HTTP tasks; without one, HTTP tasks wait in their queue.
    let http: (any HTTPPerformer)?
    /// Rung when the change log grows, here or (through a shared store) on another server.
    let changeBell = ChangeBell()

    /// How many times a decision is retried after losing a race before the request fails.
    static let maxAttempts = 20

    /// - Parameters:
    ///   - scripts: the JavaScript and jq interpreter; without one, every script fails its task
    ///     with a clear reason.
    ///   - http: performs the calls of HTTP tasks; without one, HTTP tasks wait in their queue.
    public init(
        store: any Store, clock: EngineClock = .system, logger: Logger = Logger(label: "baton.engine"),
        scripts: any ScriptEvaluator = NoScripts(), http: (any HTTPPerformer)? = nil
    ) {
        self.store = store
        self.scripts = scripts
        self.clock = clock
        self.logger = logger
        self.http = http
        batcher = CommitBatcher(store: store)
    }

    /// The background loops the engine needs, to run under the server's `ServiceGroup`.
    /// List them before the HTTP server, so that they stop after it.
    public var services: [any Service] {
        let runners: [any Service] = http.map { [SystemTaskRunner(engine: self, http: $0)] } ?? []
        return [
            batcher, TimerService(engine: self), WakeUpListener(engine: self), DefinitionsRefresher(engine: self),
            EventHandlerService(engine: self),
        ] + runners
    }

    /// Loads what the engine keeps at hand (task definitions) from the store.
    public func prepare() async throws(EngineError) {
        try await reloadTaskDefinitions()
    }

    /// Reads the task definitions the decider consults afresh from the store.
    func reloadTaskDefinitions() async throws(EngineError) {
        let definitions = try await storeCall { try await store.taskDefs() }
        taskDefinitions.withLock { cache in
            cache = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        }
    }

    /// What a decision on `workflow` needs besides the execution. When its `taskToDomain` lists
    /// several domains for a task type, the poll data of the other servers is read first, unless
    /// it was read within the last second.
    func environment(for workflow: Workflow) async throws(EngineError) -> Environment {
        let now = clock.now()
        if TaskDomains.dependsOnWorkers(workflow.taskToDomain), activeWorkers.isStale(at: now) {
            let polls = try await storeCall { try await store.pollData(taskType: nil) }
            activeWorkers.merge(polls, readAt: now)
        }
        let definitions = taskDefinitions.withLock { $0 }
        return Environment(
            now: now, ids: UUIDGenerator(), random: SystemRandomNumberGenerator(), scripts: scripts,
            activeDomains: activeWorkers.domains(at: now), taskDefinition: { definitions[$0] })
    }

    /// Applies `event` to the execution `workflowId` and commits the outcome, with whatever its
    /// linked effects change in other executions (``commitCascade(from:previous:at:taskLogs:)``).
    ///
    /// - Parameter always: commit even when the decision changed nothing, to store its wake-up time.
    @discardableResult
    func apply(
        _ event: WorkflowEvent, to workflowId: String, taskLogs: [TaskExecLog] = [], always: Bool = false
    ) async throws(EngineError) -> Decision {
        try await executionLocks.withLock(workflowId) { () async throws(EngineError) -> Decision in
            try await decideAndCommit(event, on: workflowId, taskLogs: taskLogs, always: always)
        }
    }

    private func decideAndCommit(
        _ event: WorkflowEvent, on workflowId: String, taskLogs: [TaskExecLog], always: Bool
    ) async throws(EngineError) -> Decision {
        var trustCache = true
        for _ in 0..<Self.maxAttempts {
            let cached = trustCache ? cache.get(workflowId) : nil
            var found = cached
            if found == nil { found = try await storeCall { try await store.execution(id: workflowId) } }
            guard let stored = found else {
                throw .notFound("No such workflow found by id: \(workflowId)")
            }
            var environment = try await environment(for: stored.workflow)
            let decision: Decision
            do throws(DecisionError) {
                decision = try await decide(stored.workflow, on: event, in: &environment)
            } catch {
                if cached != nil {
                    trustCache = false
                    continue
                }
                throw EngineError(error)
            }
            if decision.isNoOp, !always, taskLogs.isEmpty {
                if cached != nil {
                    trustCache = false
                    continue
                }
                return decision
            }
            if let committed = try await commitCascade(from: decision, previous: stored, at: environment.now, taskLogs: taskLogs) {
                return committed
            }
            trustCache = false
        }
        throw .unavailable("workflow \(workflowId) is changing too fast; try again")
    }

    /// Commits a new execution after its first decision, claiming its idempotency key if it has
    /// one; `nil` when the id or the key is taken.
    func create(_ workflow: Workflow, claiming key: IdempotencyKeyClaim? = nil) async throws(EngineError) -> Decision? {
        var environment = try await environment(for: workflow)
        let decision: Decision
        do throws(DecisionError) {
            decision = try await decide(workflow, on: .start, in: &environment)
        } catch {
            throw EngineError(error)
        }
        return try await commitCascade(from: decision, previous: nil, at: environment.now, idempotencyKey: key)
    }

    /// Wakes whoever waits in this process on what a commit changed; a shared store tells the
    /// other servers (``WakeUpListener``).
    func committed(_ commit: Commit) {
        for key in commit.wakeUps { ring(key) }
    }

    /// Rings a wake-up in this process: its waiters, and the change log's readers for ``WakeUp/changes``.
    func ring(_ key: String) {
        signals.ring(key)
        if key == WakeUp.changes { changeBell.ring() }
    }

    /// Runs a store call, turning its failure into an ``EngineError``.
    func storeCall<T>(_ body: () async throws -> T) async throws(EngineError) -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw EngineError(error)
        } catch {
            throw .store(.database("\(error)"))
        }
    }
}

/// The engine's clock: epoch milliseconds. Tests may run the engine on another.
public struct EngineClock: Sendable {
    public var now: @Sendable () -> Int

    public init(now: @escaping @Sendable () -> Int) { self.now = now }

    /// The wall clock.
    public static let system = EngineClock { Int(Date().timeIntervalSince1970 * 1000) }
}
