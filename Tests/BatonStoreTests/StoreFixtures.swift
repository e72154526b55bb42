import BatonCore
import BatonModel
import BatonStore
import BatonTestSupport
import Foundation

enum Fixtures {
    static func definition(_ name: String = "order", version: Int = 1, steps: [String] = ["reserve", "charge"]) -> WorkflowDef {
        WorkflowDef(
            name: name, version: version,
            tasks: steps.map { WorkflowTask(name: $0, taskReferenceName: "\($0)_ref") }
        ).withDefaults()
    }

    static var environment: Environment {
        Environment(now: 1_000, ids: SequentialIDGenerator(prefix: UUID().uuidString), random: SystemRandomNumberGenerator()) { _ in nil }
    }

    /// A new execution after its first decision, with the commit that creates it.
    static func started(
        _ definition: WorkflowDef = definition(), correlationId: String? = nil, input: [String: JSONValue] = [:],
        priority: Int = 0, now: Int = 1_000
    ) throws -> (Decision, Commit) {
        var request = StartWorkflowRequest(name: definition.name, correlationId: correlationId, input: input)
        request.priority = priority
        var environment = environment
        environment.now = now
        let workflow = Workflow.starting(request, definition: definition, id: UUID().uuidString, now: now)
        let decision = try Decider.decide(workflow, on: .start, in: &environment)
        return (decision, Commit(decision, previous: nil, at: now))
    }

    /// Decides `event` on `stored` and returns the commit of the outcome.
    static func next(_ stored: StoredExecution, _ event: WorkflowEvent, now: Int = 2_000) throws -> (Decision, Commit) {
        var environment = environment
        environment.now = now
        let decision = try Decider.decide(stored.workflow, on: event, in: &environment)
        return (decision, Commit(decision, previous: stored, at: now))
    }
}
