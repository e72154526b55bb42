import Testing
@testable import BatonCore
import BatonModel

@Suite("Task type: SWITCH and DECISION")
struct SwitchTaskTests {
    static func definition(evaluator: String = "value-param", expression: String = "kind") throws -> WorkflowDef {
        try workflowDef("""
            {"name": "route", "tasks": [
              {"name": "route", "taskReferenceName": "route", "type": "SWITCH", "evaluatorType": "\(evaluator)",
               "expression": "\(expression)", "inputParameters": {"kind": "${workflow.input.kind}"},
               "decisionCases": {"gold": [{"name": "vip", "taskReferenceName": "vip"}, {"name": "gift", "taskReferenceName": "gift"}],
                                 "none": []},
               "defaultCase": [{"name": "plain", "taskReferenceName": "plain"}]},
              {"name": "after", "taskReferenceName": "after"}
            ]}
            """)
    }

    @Test func valueParamPicksTheCaseAndRunsItsStepsThenTheNextStep() throws {
        var harness = Harness(try Self.definition(), input: ["kind": "gold"])
        let decision = try harness.start()
        let route = try harness.latest("route")
        #expect(route.status == .completed)
        #expect(route.taskType == "SWITCH")
        #expect(route.outputData["evaluationResult"] == ["gold"])
        #expect(decision.enqueued.map(\.taskId) == [try harness.latest("vip").taskId])
        try harness.run("vip")
        try harness.run("gift")
        #expect(harness.open == ["after"])
        try harness.run("after")
        #expect(harness.workflow.status == .completed)
        #expect(harness.workflow.tasks.map(\.referenceTaskName) == ["route", "vip", "gift", "after"])
    }

    @Test func noMatchingCaseRunsTheDefaultCase() throws {
        var harness = Harness(try Self.definition(), input: ["kind": "silver"])
        try harness.start()
        #expect(harness.open == ["plain"])
        #expect(try harness.latest("route").outputData["evaluationResult"] == ["silver"])
    }

    @Test func anEmptyCaseGoesStraightToTheStepAfterTheSwitch() throws {
        var harness = Harness(try Self.definition(), input: ["kind": "none"])
        try harness.start()
        #expect(harness.open == ["after"])
    }

    @Test func javascriptEvaluatorSeesTheInputAsDollar() throws {
        var harness = Harness(try Self.definition(evaluator: "javascript", expression: "$.kind"), input: ["kind": "gold"])
        try harness.start()
        #expect(harness.open == ["vip"])
    }

    @Test func aScriptErrorFailsTheSwitchAndTheWorkflowWithoutRetry() throws {
        var harness = Harness(try Self.definition(evaluator: "javascript", expression: "throw 'bad'"))
        try harness.start()
        #expect(harness.attempts("route").count == 1)
        #expect(try harness.latest("route").status == .failed)
        #expect(harness.workflow.status == .failed)
        #expect(harness.workflow.reasonForIncompletion?.contains("bad") == true)
        #expect(harness.workflow.failedReferenceTaskNames == ["route"])
    }

    @Test func nestedSwitchesReturnToTheOuterLevel() throws {
        let definition = try workflowDef("""
            {"name": "nested", "tasks": [
              {"name": "outer", "taskReferenceName": "outer", "type": "SWITCH", "expression": "a", "inputParameters": {"a": "x"},
               "decisionCases": {"x": [
                 {"name": "inner", "taskReferenceName": "inner", "type": "SWITCH", "expression": "b", "inputParameters": {"b": "y"},
                  "decisionCases": {"y": [{"name": "deep", "taskReferenceName": "deep"}]}}]}},
              {"name": "last", "taskReferenceName": "last"}
            ]}
            """)
        var harness = Harness(definition)
        try harness.start()
        #expect(harness.open == ["deep"])
        try harness.run("deep")
        #expect(harness.open == ["last"])
    }

    @Test func legacyDecisionUsesCaseValueParam() throws {
        let definition = try workflowDef("""
            {"name": "legacy", "tasks": [
              {"name": "d", "taskReferenceName": "d", "type": "DECISION", "caseValueParam": "c", "inputParameters": {"c": 2},
               "decisionCases": {"2": [{"name": "two", "taskReferenceName": "two"}]}}
            ]}
            """)
        var harness = Harness(definition)
        try harness.start()
        #expect(try harness.latest("d").outputData["evaluationResult"] == ["2"])
        #expect(harness.open == ["two"])
    }

    @Test func legacyDecisionUsesCaseExpression() throws {
        let definition = try workflowDef("""
            {"name": "legacy", "tasks": [
              {"name": "d", "taskReferenceName": "d", "type": "DECISION", "caseExpression": "$.n > 5", "inputParameters": {"n": 9},
               "decisionCases": {"true": [{"name": "big", "taskReferenceName": "big"}]},
               "defaultCase": [{"name": "small", "taskReferenceName": "small"}]}
            ]}
            """)
        var harness = Harness(definition)
        try harness.start()
        #expect(harness.open == ["big"])
    }
}
