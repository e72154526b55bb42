import Testing
@testable import BatonCore
import BatonModel

/// Random event sequences against random linear definitions, checking after every decision the
/// invariants a user relies on, whatever happens in between.
@Suite("Decider: properties")
struct DeciderPropertyTests {
    static func randomDefinition(using random: inout SeededRandom) -> (WorkflowDef, [TaskDef]) {
        var steps: [WorkflowTask] = []
        var registered: [TaskDef] = []
        for position in 0..<Int.random(in: 1...5, using: &random) {
            var step = WorkflowTask(name: "t\(position)", taskReferenceName: "s\(position)")
            step.optional = Int.random(in: 0..<10, using: &random) < 3 ? true : nil
            step.retryCount = Bool.random(using: &random) ? Int.random(in: 0...3, using: &random) : nil
            step.startDelay = [nil, 0, 3].randomElement(using: &random)!
            var fields = TaskDefFields(name: step.name)
            fields.retryCount = [nil, 0, 1, 2, 3].randomElement(using: &random)!
            fields.retryLogic = [nil, .fixed, .linearBackoff, .exponentialBackoff].randomElement(using: &random)!
            fields.retryDelaySeconds = [nil, 0, 1, 5, 30].randomElement(using: &random)!
            fields.backoffScaleFactor = [nil, 1, 3].randomElement(using: &random)!
            fields.maxRetryDelaySeconds = [nil, 0, 10].randomElement(using: &random)!
            fields.backoffJitterMs = [nil, 0, 700].randomElement(using: &random)!
            fields.responseTimeoutSeconds = [nil, 5, 30].randomElement(using: &random)!
            fields.pollTimeoutSeconds = [nil, 0, 10].randomElement(using: &random)!
            fields.timeoutSeconds = [nil, 0, 20, 60].randomElement(using: &random)!
            fields.timeoutPolicy = [nil, .retry, .timeOutWorkflow, .alertOnly].randomElement(using: &random)!
            switch Int.random(in: 0..<3, using: &random) {
            case 0: step.taskDefinition = TaskDef(fields)
            case 1: registered.append(TaskDef(fields))
            default: break  // Conductor's defaults
            }
            steps.append(step)
        }
        var definition = WorkflowDef(name: "random", tasks: steps)
        definition.timeoutSeconds = [nil, 0, 120, 600].randomElement(using: &random)!
        definition.timeoutPolicy = [nil, .timeOutWorkflow, .alertOnly].randomElement(using: &random)!
        return (definition, registered)
    }

    static func randomEvent(for workflow: Workflow, harness: inout Harness, using random: inout SeededRandom) -> WorkflowEvent {
        let open = workflow.tasks.filter { !$0.status.isTerminal }
        func someTask() -> Task? {
            if !open.isEmpty, Int.random(in: 0..<10, using: &random) < 8 { return open.randomElement(using: &random) }
            return workflow.tasks.randomElement(using: &random)
        }
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<25:
            let taskId = Int.random(in: 0..<20, using: &random) == 0 ? "unknown" : someTask()?.taskId ?? "unknown"
            return .taskPolled(taskId: taskId, workerId: "w\(Int.random(in: 1...3, using: &random))")
        case 25..<60:
            guard let task = someTask() else { return .timer }
            let status = [TaskStatus.completed, .completed, .completed, .failed, .failed, .failedWithTerminalError, .inProgress]
                .randomElement(using: &random)!
            var result = TaskResult(taskId: task.taskId, status: status, outputData: ["n": .int(Int64(roll))])
            result.reasonForIncompletion = status == .completed ? nil : "reason \(roll)"
            if status == .inProgress {
                result.callbackAfterSeconds = [nil, 0, 5].randomElement(using: &random)!
                result.extendLease = Bool.random(using: &random) ? true : nil
            }
            return .taskUpdated(result)
        case 60..<88:
            harness.advance(seconds: Double(Int.random(in: 0...40, using: &random)))
            return .timer
        case 88..<96:
            return workflow.status == .paused ? .resume : .pause
        default:
            let step = workflow.workflowDefinition.tasks.randomElement(using: &random)!
            return .skipTask(referenceName: step.taskReferenceName, SkipTaskRequest(taskOutput: ["skipped": true]))
        }
    }

    /// The invariants between the state before an event and the decision made of it.
    static func violations(before old: Workflow, after decision: Decision, event: WorkflowEvent, now: Int) -> [String] {
        let new = decision.workflow
        var found: [String] = []
        let newById = Dictionary(new.tasks.map { ($0.taskId, $0) }, uniquingKeysWith: { first, _ in first })
        if newById.count != new.tasks.count { found.append("two attempts share a taskId") }

        // Each attempt ends at most once: a terminal status never changes, and no attempt disappears.
        for task in old.tasks {
            guard let now = newById[task.taskId] else {
                found.append("attempt \(task.taskId) disappeared")
                continue
            }
            if task.status.isTerminal, now.status != task.status {
                found.append("attempt \(task.taskId) of \(task.referenceTaskName) ended \(task.status) and then \(now.status)")
            }
        }

        // An ended workflow schedules nothing and stays ended (no operator reopens it here).
        if new.status.isTerminal, !decision.enqueued.isEmpty {
            found.append("\(new.status) workflow enqueued \(decision.enqueued.map(\.taskId))")
        }
        if old.status.isTerminal {
            if new.status != old.status { found.append("ended workflow went from \(old.status) to \(new.status)") }
            if new.tasks.count != old.tasks.count { found.append("ended workflow added tasks") }
        }
        if new.status.isTerminal, new.tasks.contains(where: { !$0.status.isTerminal }) {
            found.append("\(new.status) workflow left attempts open")
        }

        // Every enqueue is for an attempt that can still be worked on.
        for entry in decision.enqueued {
            guard let task = newById[entry.taskId] else {
                found.append("enqueued unknown task \(entry.taskId)")
                continue
            }
            if task.status != .scheduled, task.status != .inProgress {
                found.append("enqueued \(entry.taskId) which is \(task.status)")
            }
            if entry.visibleAt < now { found.append("enqueued \(entry.taskId) visible in the past") }
        }

        // Retries stay within the policy; one open attempt per step at most.
        var openSteps: Set<String> = []
        for task in new.tasks {
            if let definition = task.workflowTask.taskDefinition {
                let policy = RetryPolicy(definition: definition, step: task.workflowTask)
                if task.retryCount > policy.retryCount {
                    found.append("\(task.taskId) has retryCount \(task.retryCount) > \(policy.retryCount)")
                }
            } else if task.status != .skipped {
                found.append("\(task.taskId) was scheduled without a task definition snapshot")
            }
            if !task.status.isTerminal, !openSteps.insert(task.referenceTaskName).inserted {
                found.append("two open attempts of \(task.referenceTaskName)")
            }
        }

        // The workflow completes only when every step succeeded, was optional, or was skipped.
        if new.status == .completed {
            for step in new.workflowDefinition.tasks {
                guard let last = new.tasks.last(where: { $0.referenceTaskName == step.taskReferenceName }) else {
                    found.append("completed without running \(step.taskReferenceName)")
                    continue
                }
                if !last.status.isSuccessful { found.append("completed with \(step.taskReferenceName) \(last.status)") }
                if last.status == .completedWithErrors, !step.isOptional {
                    found.append("completed with non-optional \(step.taskReferenceName) COMPLETED_WITH_ERRORS")
                }
            }
        }
        if new.status == .failed, new.failedReferenceTaskNames.isEmpty {
            found.append("failed without naming the failed task")
        }

        // A running workflow always has something under way, and a timer leaves no passed deadline.
        if new.status == .running, !new.tasks.contains(where: { !$0.status.isTerminal }) {
            found.append("running workflow with nothing scheduled")
        }
        if case .timer = event, let wakeAt = decision.wakeAt, wakeAt <= now {
            found.append("deadline \(wakeAt) left after a timer at \(now)")
        }
        if decision.isNoOp != (decision.effects.isEmpty && new == old) { found.append("isNoOp is wrong") }
        return found
    }

    @Test(arguments: 0..<8)
    func randomRunsKeepTheInvariants(batch: Int) throws {
        var outcomes: [WorkflowStatus] = []
        for seed in UInt64(batch * 50)..<UInt64(batch * 50 + 50) {
            if let outcome = try run(seed: seed) { outcomes.append(outcome) }
        }
        // The generator reaches both ends, so the invariants are checked on both paths.
        #expect(outcomes.contains(.completed))
        #expect(outcomes.contains(.failed))
    }

    /// Runs one random scenario; returns the workflow's status after the random events.
    @discardableResult
    func run(seed: UInt64) throws -> WorkflowStatus? {
        var random = SeededRandom(seed: seed)
        let (definition, registered) = Self.randomDefinition(using: &random)
        var harness = Harness(definition, input: ["seed": .int(Int64(seed))], taskDefs: registered, seed: seed)
        var trace: [String] = []

        func apply(_ event: WorkflowEvent) -> Bool {
            let before = harness.workflow
            trace.append("\(event)")
            let decision: Decision
            do {
                decision = try harness.send(event)
            } catch {
                // Refusals are fine for operator actions; anything else is a bug.
                switch event {
                case .pause, .resume, .skipTask: break
                default: Issue.record("seed \(seed): \(event) threw \(error)")
                }
                if harness.workflow != before { Issue.record("seed \(seed): a refused event changed the execution") }
                return true
            }
            let found = Self.violations(before: before, after: decision, event: event, now: harness.now)
            if !found.isEmpty {
                Issue.record("seed \(seed): \(found.joined(separator: "; "))\nevents: \(trace.suffix(8).joined(separator: "\n"))")
                return false
            }
            return true
        }

        guard apply(.start) else { return nil }
        for _ in 0..<60 {
            let event = Self.randomEvent(for: harness.workflow, harness: &harness, using: &random)
            guard apply(event) else { return nil }
        }

        let statusAfterRandomEvents = harness.workflow.status
        // Drive what is left to the end: every open attempt is polled and completed.
        for _ in 0..<40 where !harness.workflow.status.isTerminal {
            if harness.workflow.status == .paused {
                guard apply(.resume) else { return nil }
                continue
            }
            guard let open = harness.workflow.tasks.first(where: { !$0.status.isTerminal }) else { break }
            guard apply(.taskPolled(taskId: open.taskId, workerId: "finisher")),
                apply(.taskUpdated(TaskResult(taskId: open.taskId, status: .completed)))
            else { return nil }
        }
        #expect(harness.workflow.status.isTerminal, "seed \(seed): still \(harness.workflow.status) after completing every task")
        return statusAfterRandomEvents
    }
}
