public import BatonCore
public import BatonModel
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
    /// Rung when the change log grows, here or (through a shared store) on another server.
    let changeBell = ChangeBell()

    /// How many times a decision is retried after losing a race before the request fails.
    static let maxAttempts = 20

    public init(store: any Store, clock: EngineClock = .system, logger: Logger = Logger(label: "baton.engine")) {
        self.store = store
        self.clock = clock
        self.logger = logger
        batcher = CommitBatcher(store: store)
    }

    /// The background loops the engine needs, to run under the server's `ServiceGroup`.
    /// List them before the HTTP server, so that they stop after it.
    public var services: [any Service] {
        [batcher, TimerService(engine: self), WakeUpListener(engine: self), DefinitionsRefresher(engine: self)]
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

    func environment() -> Environment {
        let definitions = taskDefinitions.withLock { $0 }
        return Environment(
            now: clock.now(), ids: UUIDGenerator(), random: SystemRandomNumberGenerator(),
            taskDefinition: { definitions[$0] })
    }

    /// Applies `event` to the execution `workflowId` and commits the outcome.
    ///
    /// - Parameter always: commit even when the decision changed nothing, to store its wake-up time.
    @discardableResult
    func apply(
        _ event: WorkflowEvent, to workflowId: String, taskLogs: [TaskExecLog] = [], always: Bool = false
    ) async throws(EngineError) -> Decision {
        var trustCache = true
        for _ in 0..<Self.maxAttempts {
            let cached = trustCache ? cache.get(workflowId) : nil
            var found = cached
            if found == nil { found = try await storeCall { try await store.execution(id: workflowId) } }
            guard let stored = found else {
                throw .notFound("No such workflow found by id: \(workflowId)")
            }
            var environment = environment()
            let decision: Decision
            do throws(DecisionError) {
                decision = try Decider.decide(stored.workflow, on: event, in: &environment)
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
            let commit = Commit(decision, previous: stored, at: environment.now, taskLogs: taskLogs)
            switch try await batcher.submit(commit) {
            case .committed(let revision):
                cache.put(StoredExecution(workflow: decision.workflow, revision: revision))
                committed(commit)
                return decision
            case .conflict:
                cache.remove(workflowId)
                trustCache = false
            }
        }
        throw .unavailable("workflow \(workflowId) is changing too fast; try again")
    }

    /// Commits a new execution after its first decision.
    func create(_ workflow: Workflow) async throws(EngineError) -> Decision {
        var environment = environment()
        let decision: Decision
        do throws(DecisionError) {
            decision = try Decider.decide(workflow, on: .start, in: &environment)
        } catch {
            throw EngineError(error)
        }
        let commit = Commit(decision, previous: nil, at: environment.now)
        guard case .committed(let revision) = try await batcher.submit(commit) else {
            throw .conflict("Workflow \(workflow.workflowId) already exists")
        }
        cache.put(StoredExecution(workflow: decision.workflow, revision: revision))
        committed(commit)
        return decision
    }

    /// Wakes whoever waits in this process on what a commit changed; a shared store tells the
    /// other servers (``WakeUpListener``).
    private func committed(_ commit: Commit) {
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
