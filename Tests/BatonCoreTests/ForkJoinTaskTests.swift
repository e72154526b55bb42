import Testing
@testable import BatonCore
import BatonModel

@Suite("Task types: FORK_JOIN and JOIN")
struct ForkJoinTaskTests {
    static func definition(optionalB: Bool = false) throws -> WorkflowDef {
        try workflowDef("""
            {"name": "fork", "tasks": [
              {"name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN", "forkTasks": [
                [{"name": "a1", "taskReferenceName": "a1"}, {"name": "a2", "taskReferenceName": "a2"}],
                [{"name": "b", "taskReferenceName": "b", "optional": \(optionalB)}]]},
              {"name": "join", "taskReferenceName": "join", "type": "JOIN", "joinOn": ["a2", "b"]},
              {"name": "after", "taskReferenceName": "after", "inputParameters": {"fromB": "${join.output.b.n}"}}
            ]}
            """)
    }

    @Test func branchesStartTogetherAndTheJoinWaitsForEveryOne() throws {
        var harness = Harness(try Self.definition())
        let decision = try harness.start()
        #expect(try harness.latest("fork").status == .completed)
        #expect(harness.open == ["a1", "b", "join"])
        #expect(decision.enqueued.count == 2)  // a1 and b; the JOIN never enters a queue
        #expect(try harness.latest("join").status == .inProgress)
        #expect(try harness.latest("join").inputData["joinOn"] == ["a2", "b"])
        try harness.run("b", output: ["n": 7])
        #expect(try harness.latest("join").status == .inProgress)
        try harness.run("a1")
        try harness.run("a2", output: ["m": 1])
        let join = try harness.latest("join")
        #expect(join.status == .completed)
        #expect(join.outputData == ["a2": ["m": 1], "b": ["n": 7]])
        #expect(try harness.latest("after").inputData == ["fromB": 7])
        try harness.run("after")
        #expect(harness.workflow.status == .completed)
    }

    @Test func aForkWithoutAJoinCompletesWhenItsBranchesDo() throws {
        // As the Python SDK's ForkTask writes it when no join_on is given.
        var harness = Harness(try workflowDef("""
            {"name": "fork", "tasks": [
              {"name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN", "forkTasks": [
                [{"name": "a", "taskReferenceName": "a"}], [{"name": "b", "taskReferenceName": "b"}]]}
            ]}
            """))
        try harness.start()
        #expect(harness.open == ["a", "b"])
        try harness.run("a")
        #expect(harness.workflow.status == .running)
        try harness.run("b")
        #expect(harness.workflow.status == .completed)
    }

    @Test func anOptionalBranchThatFailsCountsAsEnded() throws {
        var definition = try Self.definition(optionalB: true)
        definition.tasks[0].forkTasks?[1][0].retryCount = 0
        var harness = Harness(definition)
        try harness.start()
        try harness.fail("b")
        #expect(try harness.latest("b").status == .completedWithErrors)
        try harness.run("a1")
        try harness.run("a2")
        #expect(try harness.latest("join").status == .completed)
        #expect(harness.open == ["after"])
    }

    @Test func aBranchThatFailsForGoodFailsTheWorkflowAndCancelsTheJoin() throws {
        var definition = try Self.definition()
        definition.tasks[0].forkTasks?[1][0].retryCount = 0
        var harness = Harness(definition)
        try harness.start()
        let decision = try harness.fail("b")
        #expect(harness.workflow.status == .failed)
        #expect(try harness.latest("join").status == .canceled)
        #expect(!decision.dequeued.contains(try harness.latest("join").taskId))
    }

    @Test func aRetriedBranchKeepsTheJoinWaiting() throws {
        var definition = try Self.definition()
        definition.tasks[0].forkTasks?[1][0].retryCount = 1
        definition.tasks[0].forkTasks?[1][0].taskDefinition = try taskDef(#"{"name": "b", "retryDelaySeconds": 0}"#)
        var harness = Harness(definition)
        try harness.start()
        try harness.run("a1")
        try harness.run("a2")
        try harness.fail("b")
        #expect(try harness.latest("join").status == .inProgress)
        try harness.run("b", output: ["n": 1])
        #expect(try harness.latest("join").status == .completed)
    }

    @Test func controlTasksAreNotRetriedAndTheRetriedWorkflowReopensTheJoin() throws {
        var definition = try Self.definition()
        definition.tasks[0].forkTasks?[1][0].retryCount = 0
        var harness = Harness(definition)
        try harness.start()
        try harness.fail("b")
        let decision = try harness.send(.retry(resumeSubworkflowTasks: false))
        #expect(harness.workflow.status == .running)
        #expect(try harness.latest("join").status == .inProgress)
        #expect(decision.enqueued.map(\.taskType).sorted() == ["a1", "b"])
        try harness.run("b")
        try harness.run("a1")
        try harness.run("a2")
        #expect(harness.open == ["after"])
    }
}
