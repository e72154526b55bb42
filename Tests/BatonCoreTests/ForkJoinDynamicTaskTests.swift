import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: FORK_JOIN_DYNAMIC")
struct ForkJoinDynamicTaskTests {
    @Test func forksTheListedTasksWithTheirInputsAndJoinsOnThem() throws {
        let definition = try workflowDef(#"""
            {"name": "fan", "tasks": [
              {"name": "fan", "taskReferenceName": "fan", "type": "FORK_JOIN_DYNAMIC",
               "dynamicForkTasksParam": "tasks", "dynamicForkTasksInputParamName": "inputs",
               "inputParameters": {"tasks": "${workflow.input.tasks}", "inputs": "${workflow.input.inputs}"}},
              {"name": "join", "taskReferenceName": "join", "type": "JOIN"},
              {"name": "after", "taskReferenceName": "after"}
            ]}
            """#)
        let input: [String: JSONValue] = [
            "tasks": [["name": "resize", "taskReferenceName": "r1"], ["name": "resize", "taskReferenceName": "r2"]],
            "inputs": ["r1": ["size": 1], "r2": ["size": 2]],
        ]
        var harness = Harness(definition, input: input)
        let decision = try harness.start()
        #expect(harness.open == ["r1", "r2", "join"])
        #expect(decision.enqueued.map(\.taskType) == ["resize", "resize"])
        #expect(try harness.latest("r2").inputData == ["size": 2])
        #expect(try harness.latest("join").inputData["joinOn"] == ["r1", "r2"])
        try harness.run("r2", output: ["ok": 2])
        try harness.run("r1", output: ["ok": 1])
        #expect(try harness.latest("join").outputData == ["r1": ["ok": 1], "r2": ["ok": 2]])
        #expect(harness.open == ["after"])
    }

    @Test func forkTaskNameRunsOneTaskPerInput() throws {
        let definition = try workflowDef(#"""
            {"name": "fan", "tasks": [
              {"name": "fan", "taskReferenceName": "fan", "type": "FORK_JOIN_DYNAMIC",
               "inputParameters": {"forkTaskName": "send", "forkTaskInputs": [{"to": "a"}, "b"]}},
              {"name": "join", "taskReferenceName": "join", "type": "JOIN"}
            ]}
            """#)
        var harness = Harness(definition)
        try harness.start()
        #expect(harness.open == ["_send_0", "_send_1", "join"])
        #expect(try harness.latest("_send_0").inputData == ["to": "a", "__index": 0])
        #expect(try harness.latest("_send_1").inputData == ["input": "b", "__index": 1])
        try harness.run("_send_0")
        try harness.run("_send_1")
        #expect(harness.workflow.status == .completed)
    }

    @Test func anEmptyListJoinsAtOnce() throws {
        let definition = try workflowDef(#"""
            {"name": "fan", "tasks": [
              {"name": "fan", "taskReferenceName": "fan", "type": "FORK_JOIN_DYNAMIC",
               "inputParameters": {"forkTaskName": "send", "forkTaskInputs": []}},
              {"name": "join", "taskReferenceName": "join", "type": "JOIN"}
            ]}
            """#)
        var harness = Harness(definition)
        try harness.start()
        #expect(harness.workflow.status == .completed)
    }

    @Test func aMissingTaskListFailsTheWorkflow() throws {
        let definition = try workflowDef(#"""
            {"name": "fan", "tasks": [
              {"name": "fan", "taskReferenceName": "fan", "type": "FORK_JOIN_DYNAMIC", "dynamicForkTasksParam": "tasks"},
              {"name": "join", "taskReferenceName": "join", "type": "JOIN"}
            ]}
            """#)
        var harness = Harness(definition)
        try harness.start()
        #expect(harness.workflow.status == .failed)
        #expect(harness.workflow.reasonForIncompletion?.contains("dynamicForkTasksParam") == true)
    }
}
