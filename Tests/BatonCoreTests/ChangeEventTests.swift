import Foundation
import Testing
@testable import BatonCore
import BatonModel

@Suite("ChangeEvent.changes")
struct ChangeEventTests {
    /// Applies `event` and returns the change events between the states before and after.
    func changes(_ harness: inout Harness, _ event: WorkflowEvent) throws -> [ChangeEvent] {
        let before = harness.workflow
        try harness.send(event)
        return ChangeEvent.changes(from: before, to: harness.workflow, at: harness.now)
    }

    func summary(_ events: [ChangeEvent]) -> [String] {
        events.map { event in
            switch event.kind {
            case .workflow: "workflow \(event.status)"
            case .statusListener: "listener \(event.status)"
            case .compensation: "compensation \(event.status)"
            case .task: "\(event.taskReferenceName ?? "?") \(event.taskId ?? "?") \(event.status)"
            }
        }
    }

    @Test func aNewExecutionReportsItselfAndItsFirstTask() throws {
        var harness = Harness(try orderDefinition(), input: ["sku": "A"], correlationId: "order-17")
        try harness.start()
        let events = ChangeEvent.changes(from: nil, to: harness.workflow, at: harness.now)
        #expect(summary(events) == ["workflow RUNNING", "reserve task-1 SCHEDULED"])
        let workflowEvent = events[0]
        #expect(workflowEvent.kind == .workflow)
        #expect(workflowEvent.time == startTime)
        #expect(workflowEvent.workflowId == "wf-1")
        #expect(workflowEvent.workflowName == "order")
        #expect(workflowEvent.workflowVersion == 2)
        #expect(workflowEvent.correlationId == "order-17")
        #expect(workflowEvent.taskId == nil)
        let taskEvent = events[1]
        #expect(taskEvent.kind == .task)
        #expect(taskEvent.taskType == "reserve")
        #expect(taskEvent.correlationId == "order-17")
    }

    @Test func aNewExecutionBeforeItsFirstDecision() throws {
        let harness = Harness(try orderDefinition())
        #expect(summary(ChangeEvent.changes(from: nil, to: harness.workflow, at: startTime)) == ["workflow RUNNING"])
    }

    @Test func taskStatusChangesAndTheNextTask() throws {
        var harness = Harness(try orderDefinition())
        try harness.start()
        #expect(summary(try changes(&harness, .taskPolled(taskId: "task-1", workerId: "w"))) == ["reserve task-1 IN_PROGRESS"])
        harness.advance(seconds: 1)
        let events = try changes(&harness, .taskUpdated(TaskResult(taskId: "task-1", status: .completed)))
        #expect(summary(events) == ["reserve task-1 COMPLETED", "charge task-2 SCHEDULED"])
        #expect(events.allSatisfy { $0.time == harness.now })
    }

    @Test func aRetryReportsTheFailedAttemptAndTheNewOne() throws {
        var harness = Harness(linearDef(["a"]), taskDefs: [try taskDef(#"{"name": "a", "retryCount": 1, "retryDelaySeconds": 0}"#)])
        try harness.start()
        try harness.poll("a")
        let events = try changes(&harness, .taskUpdated(TaskResult(taskId: "task-1", status: .failed)))
        #expect(summary(events) == ["a task-1 FAILED", "a task-2 SCHEDULED"])
    }

    @Test func workflowStatusChanges() throws {
        var harness = Harness(linearDef(["a"]))
        try harness.start()
        #expect(summary(try changes(&harness, .pause)) == ["workflow PAUSED"])
        #expect(summary(try changes(&harness, .resume)) == ["workflow RUNNING"])
        #expect(summary(try changes(&harness, .taskUpdated(TaskResult(taskId: "task-1", status: .completed))))
            == ["workflow COMPLETED", "a task-1 COMPLETED"])
    }

    @Test func terminationReportsTheWorkflowAndEachCancelledTask() throws {
        var harness = Harness(linearDef(["a"]))
        try harness.start()
        #expect(summary(try changes(&harness, .terminate(reason: nil))) == ["workflow TERMINATED", "a task-1 CANCELED"])
    }

    @Test func restartOfAnExecutionThatStaysInTheSameStatusIsReported() throws {
        var harness = Harness(linearDef(["a"]))
        try harness.start()
        try harness.send(.terminate(reason: nil))
        #expect(summary(try changes(&harness, .restart(definition: nil))) == ["workflow RUNNING", "a task-2 SCHEDULED"])
    }

    @Test func nothingChangedMeansNoEvent() throws {
        var harness = Harness(linearDef(["a", "b"]))
        try harness.start()
        try harness.run("a")
        #expect(try changes(&harness, .taskUpdated(TaskResult(taskId: "task-1", status: .completed))).isEmpty)
        try harness.poll("b")
        harness.advance(seconds: 1)
        #expect(try changes(&harness, .taskUpdated({
            var result = TaskResult(taskId: "task-2", status: .inProgress)
            result.extendLease = true
            return result
        }())).isEmpty)
        #expect(try changes(&harness, .timer).isEmpty)
        #expect(ChangeEvent.changes(from: harness.workflow, to: harness.workflow, at: harness.now).isEmpty)
    }

    @Test func changeEventsEncodeAsJSON() throws {
        var harness = Harness(linearDef(["a"]))
        try harness.start()
        let events = ChangeEvent.changes(from: nil, to: harness.workflow, at: harness.now)
        let tree = try jsonTree(of: events[1])
        #expect(tree["kind"] == "task")
        #expect(tree["status"] == "SCHEDULED")
        #expect(tree["taskReferenceName"] == "a")
        #expect(try decode([ChangeEvent].self, String(decoding: JSONEncoder().encode(events), as: UTF8.self)) == events)
    }

    /// `kind reference STATUS`, without attempt ids.
    func brief(_ events: [ChangeEvent]) -> [String] {
        events.map { [$0.kind.rawValue, $0.taskReferenceName, $0.status].compactMap(\.self).joined(separator: " ") }
    }

    @Test func compensationReportsItsStartAndItsEnd() throws {
        var harness = try CompensationTests().started()
        try harness.run("reserve", output: ["hold": "H-1"])
        try harness.poll("charge")
        let started = try changes(&harness, .taskUpdated(TaskResult(taskId: try harness.latest("charge").taskId, status: .failedWithTerminalError)))
        #expect(brief(started) == ["compensation RUNNING", "task charge FAILED_WITH_TERMINAL_ERROR", "task release SCHEDULED"])
        #expect(started[0].data?["cause"] == "FAILED")
        #expect(started[0].data?["failedReferenceTaskName"] == "charge")

        try harness.poll("release")
        let ended = try changes(&harness, .taskUpdated(TaskResult(taskId: try harness.latest("release").taskId, status: .completed)))
        #expect(brief(ended) == ["workflow FAILED", "compensation COMPLETED", "task release COMPLETED"])
    }

    @Test func aFailedCompensationIsReported() throws {
        var harness = try CompensationTests().failedAtShip()
        try harness.poll("refund")
        let failed = try changes(&harness, .taskUpdated(TaskResult(taskId: try harness.latest("refund").taskId, status: .failedWithTerminalError)))
        #expect(brief(failed) == ["workflow FAILED", "compensation FAILED", "task refund FAILED_WITH_TERMINAL_ERROR"])
    }

    @Test func aListenerEnabledDefinitionAnnouncesItsTerminalStatus() throws {
        var definition = linearDef(["a"])
        definition.workflowStatusListenerEnabled = true
        var harness = Harness(definition)
        let started = try harness.start()
        #expect(!ChangeEvent.changes(from: nil, to: started.workflow, at: harness.now).contains { $0.kind == .statusListener })
        let before = harness.workflow
        let ended = try harness.run("a", output: ["done": true])
        let events = ChangeEvent.changes(from: before, to: ended.workflow, at: harness.now)
        let listener = try #require(events.first { $0.kind == .statusListener })
        #expect(listener.status == "COMPLETED")
        #expect(listener.data?["output"] == ["done": true])

        var quiet = Harness(linearDef(["a"]))
        try quiet.start()
        let quietBefore = quiet.workflow
        let quietEnd = try quiet.run("a")
        #expect(!ChangeEvent.changes(from: quietBefore, to: quietEnd.workflow, at: quiet.now).contains { $0.kind == .statusListener })
    }
}
