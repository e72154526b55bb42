import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: EXCLUSIVE_JOIN")
struct ExclusiveJoinTaskTests {
    /// A SWITCH whose cases end in different steps, joined by an EXCLUSIVE_JOIN that falls back
    /// on the steps before them, as Conductor's test harness writes it.
    static func definition() throws -> WorkflowDef {
        try workflowDef("""
            {"name": "exclusive", "tasks": [
              {"name": "a", "taskReferenceName": "a"},
              {"name": "route", "taskReferenceName": "route", "type": "SWITCH", "evaluatorType": "value-param", "expression": "route",
               "inputParameters": {"route": "${workflow.input.route}"},
               "decisionCases": {"long": [{"name": "b", "taskReferenceName": "b"}, {"name": "b2", "taskReferenceName": "b2"}],
                                 "short": [{"name": "c", "taskReferenceName": "c"}]},
               "defaultCase": []},
              {"name": "join", "taskReferenceName": "join", "type": "EXCLUSIVE_JOIN",
               "joinOn": ["b2", "c"], "defaultExclusiveJoinTask": ["b", "a"]},
              {"name": "after", "taskReferenceName": "after", "inputParameters": {"joined": "${join.output.from}"}}
            ]}
            """)
    }

    @Test func aValidDefinition() throws {
        try DefinitionValidator.validate(try Self.definition())
    }

    @Test func takesTheOutputOfTheCaseThatRan() throws {
        var harness = Harness(try Self.definition(), input: ["route": "short"])
        try harness.start()
        try harness.run("a", output: ["from": "a"])
        #expect(harness.open == ["c"])
        try harness.run("c", output: ["from": "c"])
        let join = try harness.latest("join")
        #expect(join.status == .completed)
        #expect(join.outputData == ["from": "c"])
        #expect(join.inputData["joinOn"] == ["b2", "c"])
        #expect(try harness.latest("after").inputData == ["joined": "c"])
    }

    @Test func fallsBackOnTheDefaultTasksWhenNoneOfItsOwnRan() throws {
        var harness = Harness(try Self.definition(), input: ["route": "neither"])
        try harness.start()
        try harness.run("a", output: ["from": "a"])
        #expect(try harness.latest("join").outputData == ["from": "a"])
        #expect(harness.open == ["after"])
    }

    @Test func aCaseOfSeveralStepsIsJoinedOnTheStepItNames() throws {
        var harness = Harness(try Self.definition(), input: ["route": "long"])
        try harness.start()
        try harness.run("a", output: ["from": "a"])
        try harness.run("b", output: ["from": "b"])
        #expect(harness.open == ["b2"])
        try harness.run("b2", output: ["from": "b2"])
        #expect(try harness.latest("join").outputData == ["from": "b2"])
        #expect(harness.open == ["after"])
    }
}
