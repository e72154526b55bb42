import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: DO_WHILE")
struct DoWhileTaskTests {
    static func definition(condition: String = "$.loop.iteration < 3") throws -> WorkflowDef {
        try workflowDef("""
            {"name": "loop", "tasks": [
              {"name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE", "loopCondition": "\(condition)",
               "inputParameters": {"limit": 3},
               "loopOver": [{"name": "step", "taskReferenceName": "step", "inputParameters": {"previous": "${step.output.n}"}},
                            {"name": "check", "taskReferenceName": "check"}]},
              {"name": "after", "taskReferenceName": "after"}
            ]}
            """)
    }

    @Test func iteratesWhileTheConditionHoldsNamingEachIteration() throws {
        var harness = Harness(try Self.definition())
        try harness.start()
        #expect(try harness.latest("loop").status == .inProgress)
        #expect(harness.open == ["loop", "step__1"])
        #expect(try harness.latest("step__1").iteration == 1)
        for round in 1...3 {
            try harness.run("step__\(round)", output: ["n": .int(Int64(round))])
            try harness.run("check__\(round)")
        }
        let loop = try harness.latest("loop")
        #expect(loop.status == .completed)
        #expect(loop.outputData["iteration"] == 3)
        #expect(loop.outputData["2"] == ["step": ["n": 2], "check": [:]])
        #expect(try harness.latest("step__3").inputData == ["previous": 2])
        #expect(harness.open == ["after"])
    }

    @Test func theConditionSeesBodyOutputsByReferenceName() throws {
        var harness = Harness(try Self.definition(condition: "$.check.again == true"))
        try harness.start()
        try harness.run("step__1")
        try harness.run("check__1", output: ["again": true])
        #expect(harness.open == ["loop", "step__2"])
        try harness.run("step__2")
        try harness.run("check__2", output: ["again": false])
        #expect(harness.open == ["after"])
    }

    @Test func anEmptyConditionRunsTheBodyOnce() throws {
        let definition = try Self.definition(condition: "")
        try DefinitionValidator.validate(definition)
        var harness = Harness(definition)
        try harness.start()
        try harness.run("step__1")
        try harness.run("check__1")
        #expect(try harness.latest("loop").status == .completed)
        #expect(try harness.latest("loop").outputData["iteration"] == 1)
        #expect(harness.open == ["after"])
    }

    @Test func aConditionThatFailsFailsTheLoopAndTheWorkflow() throws {
        var harness = Harness(try Self.definition(condition: "throw 'nope'"))
        try harness.start()
        try harness.run("step__1")
        try harness.run("check__1")
        #expect(try harness.latest("loop").status == .failedWithTerminalError)
        #expect(harness.workflow.status == .failed)
    }

    @Test func aForkInsideTheBodyJoinsOnTheIterationsReferences() throws {
        let definition = try workflowDef("""
            {"name": "loopfork", "tasks": [
              {"name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE", "loopCondition": "$.loop.iteration < 2",
               "loopOver": [
                 {"name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN", "forkTasks": [[{"name": "a", "taskReferenceName": "a"}], [{"name": "b", "taskReferenceName": "b"}]]},
                 {"name": "join", "taskReferenceName": "join", "type": "JOIN", "joinOn": ["a", "b"]}]}
            ]}
            """)
        var harness = Harness(definition)
        try harness.start()
        #expect(harness.open == ["loop", "a__1", "b__1", "join__1"])
        #expect(try harness.latest("join__1").inputData["joinOn"] == ["a__1", "b__1"])
        try harness.run("a__1")
        try harness.run("b__1")
        #expect(harness.open == ["loop", "a__2", "b__2", "join__2"])
        try harness.run("b__2")
        try harness.run("a__2")
        #expect(harness.workflow.status == .completed)
    }

    static let nested = """
        {"name": "nested", "tasks": [
          {"name": "outer", "taskReferenceName": "outer", "type": "DO_WHILE", "loopCondition": "$.outer.iteration < 2",
           "loopOver": [
             {"name": "inner", "taskReferenceName": "inner", "type": "DO_WHILE", "loopCondition": "$.inner.iteration < 2",
              "loopOver": [{"name": "step", "taskReferenceName": "step", "inputParameters": {"previous": "${step.output.n}"}}]},
             {"name": "tail", "taskReferenceName": "tail"}]},
          {"name": "after", "taskReferenceName": "after"}
        ]}
        """

    @Test func aLoopInsideALoopIsAValidDefinition() throws {
        try DefinitionValidator.validate(try workflowDef(Self.nested))
    }

    @Test func aLoopInsideALoopRunsItsWholeLoopInEachOuterIteration() throws {
        var harness = Harness(try workflowDef(Self.nested))
        try harness.start()
        #expect(harness.open == ["outer", "inner__1", "step__1__1"])
        #expect(try harness.latest("step__1__1").iteration == 1)
        try harness.run("step__1__1", output: ["n": 11])
        #expect(harness.open == ["outer", "inner__1", "step__1__2"])
        #expect(try harness.latest("step__1__2").iteration == 2)
        #expect(try harness.latest("step__1__2").inputData == ["previous": 11])
        try harness.run("step__1__2", output: ["n": 12])
        #expect(harness.open == ["outer", "tail__1"])
        let firstInner = try harness.latest("inner__1")
        #expect(firstInner.status == .completed)
        #expect(firstInner.outputData == ["iteration": 2, "1": ["step": ["n": 11]], "2": ["step": ["n": 12]]])

        try harness.run("tail__1", output: ["t": 1])
        // The outer loop's second iteration runs the inner loop afresh, from its first iteration.
        #expect(harness.open == ["outer", "inner__2", "step__2__1"])
        #expect(try harness.latest("inner__2").iteration == 1)
        try harness.run("step__2__1", output: ["n": 21])
        try harness.run("step__2__2", output: ["n": 22])
        try harness.run("tail__2", output: ["t": 2])

        let outer = try harness.latest("outer")
        #expect(outer.status == .completed)
        #expect(outer.outputData["iteration"] == 2)
        #expect(outer.outputData["1"] == ["inner": .object(firstInner.outputData), "tail": ["t": 1]])
        #expect(outer.outputData["2"]?.objectValue?["inner"]?.objectValue?["2"] == ["step": ["n": 22]])
        #expect(harness.open == ["after"])
        #expect(harness.workflow.tasks.map(\.referenceTaskName) == [
            "outer", "inner__1", "step__1__1", "step__1__2", "tail__1", "inner__2", "step__2__1", "step__2__2", "tail__2", "after",
        ])
    }

    @Test func aFailingStepInAnInnerLoopFailsTheWorkflow() throws {
        var harness = Harness(try workflowDef(Self.nested), taskDefs: [try taskDef(#"{"name": "step", "retryCount": 0}"#)])
        try harness.start()
        try harness.run("step__1__1")
        try harness.fail("step__1__2")
        #expect(harness.workflow.status == .failed)
        #expect(harness.open.isEmpty)
    }
}
