import Foundation
import Testing
@testable import BatonCore
import BatonModel

// Shared helpers: definitions from JSON literals, a seeded random source and a harness that
// runs decisions against one execution the way the engine would.

/// The clock every harness starts at, epoch milliseconds.
let startTime = 1_700_000_000_000

/// Decodes `text` as `T` with a plain `JSONDecoder`.
func decode<T: Decodable>(_ type: T.Type = T.self, _ text: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(text.utf8))
}

/// Encodes `value` and reads the result back as a ``JSONValue`` tree, for order-free comparison.
func jsonTree(of value: some Encodable) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
}

/// A workflow definition from a JSON literal.
func workflowDef(_ text: String) throws -> WorkflowDef { try decode(WorkflowDef.self, text) }

/// A task definition from a JSON literal.
func taskDef(_ text: String) throws -> TaskDef { try decode(TaskDef.self, text) }

/// A linear workflow of SIMPLE steps named after their reference names.
func linearDef(_ references: [String], name: String = "linear") -> WorkflowDef {
    WorkflowDef(name: name, tasks: references.map { WorkflowTask(name: $0, taskReferenceName: $0) })
}

/// SplitMix64: a small, seeded, reproducible generator.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Decision {
    /// The queue entries this decision adds.
    var enqueued: [QueueEntry] {
        effects.compactMap { if case .enqueue(let entry) = $0 { entry } else { nil } }
    }

    /// The task ids this decision takes out of their queues.
    var dequeued: [String] {
        effects.compactMap { if case .dequeue(let taskId) = $0 { taskId } else { nil } }
    }
}

/// One execution under test: feeds it events through ``Decider`` with a controlled clock,
/// sequential task ids (`task-1`, `task-2`, ...) and seeded jitter.
struct Harness {
    var workflow: Workflow
    var environment: Environment

    init(
        _ definition: WorkflowDef, input: [String: JSONValue] = [:], correlationId: String? = nil,
        priority: Int? = nil, taskToDomain: [String: String]? = nil, taskDefs: [TaskDef] = [],
        seed: UInt64 = 1
    ) {
        var request = StartWorkflowRequest(name: definition.name, correlationId: correlationId, input: input)
        request.priority = priority
        request.taskToDomain = taskToDomain
        workflow = Workflow.starting(request, definition: definition, id: "wf-1", now: startTime)
        let registered = Dictionary(taskDefs.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        environment = Environment(
            now: startTime, ids: SequentialIDGenerator(prefix: "task"), random: SeededRandom(seed: seed),
            scripts: StubScripts(), taskDefinition: { registered[$0] }
        )
    }

    var now: Int { environment.now }

    /// Moves the clock forward.
    mutating func advance(seconds: Double) {
        environment.now += Int((seconds * 1000).rounded())
    }

    /// Applies `event` and keeps the resulting execution.
    @discardableResult
    mutating func send(_ event: WorkflowEvent) throws(DecisionError) -> Decision {
        let decision = try Decider.decide(workflow, on: event, in: &environment)
        workflow = decision.workflow
        return decision
    }

    @discardableResult
    mutating func start() throws -> Decision { try send(.start) }

    /// The latest attempt of the step `reference`.
    func latest(_ reference: String) throws -> Task {
        try #require(workflow.tasks.last { $0.referenceTaskName == reference }, "no attempt of '\(reference)'")
    }

    /// The reference names of the attempts not ended yet, in the order they were added.
    var open: [String] {
        workflow.tasks.filter { !$0.status.isTerminal }.map(\.referenceTaskName)
    }

    /// Completes (or fails) the latest attempt of `reference` through the task API, without a poll,
    /// as a client does for HUMAN and WAIT tasks.
    @discardableResult
    mutating func complete(_ reference: String, _ status: TaskStatus = .completed, output: [String: JSONValue] = [:]) throws -> Decision {
        try report(reference, status, output: output)
    }

    /// Every attempt of the step `reference`, oldest first.
    func attempts(_ reference: String) -> [Task] {
        workflow.tasks.filter { $0.referenceTaskName == reference }
    }

    /// A worker polls the latest attempt of `reference`.
    @discardableResult
    mutating func poll(_ reference: String, worker: String? = "worker-1") throws -> Decision {
        try send(.taskPolled(taskId: latest(reference).taskId, workerId: worker))
    }

    /// A worker reports on the latest attempt of `reference`.
    @discardableResult
    mutating func report(
        _ reference: String, _ status: TaskStatus, output: [String: JSONValue]? = nil, reason: String? = nil,
        callbackAfterSeconds: Int? = nil, extendLease: Bool? = nil
    ) throws -> Decision {
        var result = TaskResult(taskId: try latest(reference).taskId, workflowInstanceId: workflow.workflowId, status: status, outputData: output)
        result.reasonForIncompletion = reason
        result.callbackAfterSeconds = callbackAfterSeconds
        result.extendLease = extendLease
        return try send(.taskUpdated(result))
    }

    /// Polls and completes the latest attempt of `reference`.
    @discardableResult
    mutating func run(_ reference: String, output: [String: JSONValue] = [:]) throws -> Decision {
        try poll(reference)
        return try report(reference, .completed, output: output)
    }

    /// Polls and fails the latest attempt of `reference`.
    @discardableResult
    mutating func fail(_ reference: String, reason: String = "boom", terminal: Bool = false) throws -> Decision {
        try poll(reference)
        return try report(reference, terminal ? .failedWithTerminalError : .failed, reason: reason)
    }
}

/// Runs `body` and returns the ``DecisionError`` it throws, recording an issue when it throws none.
func decisionError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> DecisionError? {
    do {
        try body()
        Issue.record("expected a DecisionError", sourceLocation: sourceLocation)
    } catch let error as DecisionError {
        return error
    } catch {
        Issue.record("expected a DecisionError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

extension DecisionError {
    var isConflict: Bool { if case .conflict = self { true } else { false } }
    var isNotFound: Bool { if case .notFound = self { true } else { false } }
    var isInvalid: Bool { if case .invalid = self { true } else { false } }
}
