import BatonCore
import BatonModel
import Foundation
import Synchronization

extension Engine {
    /// Runs the pure ``Decider``, keeping scripts off Swift's cooperative thread pool.
    ///
    /// Scripts run synchronously inside a decision, for up to their time limit; on the few
    /// threads of the cooperative pool (one per core), a couple of slow scripts would stall the
    /// whole server. So a decision is first made in place with a stand-in evaluator that only
    /// notes that a script was asked for; only then is it made again, with the real evaluator, on
    /// a thread of its own. The decider is pure, so the trial is simply dropped.
    func decide(
        _ workflow: Workflow, on event: WorkflowEvent, in environment: inout Environment
    ) async throws(DecisionError) -> Decision {
        if scripts is NoScripts { return try Decider.decide(workflow, on: event, in: &environment) }
        let probe = ScriptProbe()
        var trial = environment
        trial.scripts = probe
        do throws(DecisionError) {
            let decision = try Decider.decide(workflow, on: event, in: &trial)
            if !probe.wasAsked {
                trial.scripts = scripts
                environment = trial
                return decision
            }
        } catch {
            if !probe.wasAsked { throw error }
        }

        var real = environment
        real.scripts = scripts
        let job = Unchecked((workflow, event, real))
        let outcome = await Self.onOwnThread { () -> Unchecked<Result<(Decision, Environment), DecisionError>> in
            var (workflow, event, environment) = job.value
            do throws(DecisionError) {
                let decision = try Decider.decide(workflow, on: event, in: &environment)
                return Unchecked(.success((decision, environment)))
            } catch {
                return Unchecked(.failure(error))
            }
        }
        let (decision, after) = try outcome.value.get()
        environment = after
        return decision
    }

    /// Runs `body` on a new thread; the caller waits without holding a thread of the pool.
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }
}

/// A value handed whole from one thread to another, never used by both at once.
private struct Unchecked<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// The evaluator of a trial decision: runs nothing, notes that a script was asked for.
private final class ScriptProbe: ScriptEvaluator {
    private let asked = Atomic<Bool>(false)

    var wasAsked: Bool { asked.load(ordering: .relaxed) }

    func evaluateJavaScript(_ script: String, input: JSONValue) throws(ScriptError) -> JSONValue {
        throw noted()
    }

    func evaluateJQ(_ query: String, input: JSONValue) throws(ScriptError) -> [JSONValue] {
        throw noted()
    }

    private func noted() -> ScriptError {
        asked.store(true, ordering: .relaxed)
        return ScriptError("scripts are not run in a trial decision")
    }
}
