import Testing
@testable import BatonCore
import BatonModel

@Suite("Validation: SUB_WORKFLOW, START_WORKFLOW, HTTP")
struct AsyncTaskValidationTests {
    func message(_ step: String) throws -> String? {
        do {
            try DefinitionValidator.validate(try workflowDef(#"{"name": "w", "tasks": [\#(step)]}"#))
            return nil
        } catch let error as DefinitionError {
            return error.message
        }
    }

    @Test(arguments: [
        (#"{"name": "a", "taskReferenceName": "a", "type": "SUB_WORKFLOW"}"#, "subWorkflowParam"),
        (#"{"name": "a", "taskReferenceName": "a", "type": "SUB_WORKFLOW", "subWorkflowParam": {"version": 1}}"#, "subWorkflowParam.name"),
        (#"{"name": "a", "taskReferenceName": "a", "type": "SUB_WORKFLOW", "subWorkflowParam": {"workflowDefinition": {"name": "c", "tasks": []}}}"#,
         "workflowDefinition: workflowDef 'c': tasks must not be empty"),
        (#"{"name": "a", "taskReferenceName": "a", "type": "START_WORKFLOW"}"#, "input startWorkflow"),
        (#"{"name": "a", "taskReferenceName": "a", "type": "START_WORKFLOW", "inputParameters": {"startWorkflow": {"version": 1}}}"#, "name"),
        (#"{"name": "a", "taskReferenceName": "a", "type": "HTTP"}"#, "input http_request"),
        (#"{"name": "a", "taskReferenceName": "a", "type": "HTTP", "inputParameters": {"http_request": {"method": "GET"}}}"#, "http_request.uri"),
        (#"{"name": "a", "taskReferenceName": "a", "type": "HTTP", "inputParameters": {"http_request": {"uri": "http://x", "method": "FETCH"}}}"#, "method 'FETCH'"),
    ])
    func requiredFieldsAreNamed(step: String, field: String) throws {
        let message = try #require(try message(step))
        #expect(message.contains(field), "\(message)")
        #expect(message.contains("tasks[0] ('a')"))
    }

    @Test(arguments: [
        #"{"name": "a", "taskReferenceName": "a", "type": "SUB_WORKFLOW", "subWorkflowParam": {"name": "child"}}"#,
        #"{"name": "a", "taskReferenceName": "a", "type": "START_WORKFLOW", "inputParameters": {"startWorkflow": {"name": "x", "input": {"a": "${workflow.input.a}"}}}}"#,
        #"{"name": "a", "taskReferenceName": "a", "type": "HTTP", "inputParameters": {"http_request": {"uri": "${workflow.input.url}"}}}"#,
        #"{"name": "a", "taskReferenceName": "a", "type": "HTTP", "inputParameters": {"uri": "https://example.com", "method": "post"}}"#,
    ])
    func validStepsPass(step: String) throws {
        #expect(try message(step) == nil)
    }

    @Test func subWorkflowReferencesAreFoundAtEveryDepthButNotForInlineOrSelf() throws {
        let definition = try workflowDef(#"""
            {"name": "w", "tasks": [
              {"name": "a", "taskReferenceName": "a", "type": "SUB_WORKFLOW", "subWorkflowParam": {"name": "billing", "version": 3}},
              {"name": "s", "taskReferenceName": "s", "type": "SWITCH", "expression": "x", "decisionCases": {"1": [
                {"name": "b", "taskReferenceName": "b", "type": "SUB_WORKFLOW", "subWorkflowParam": {"name": "w"}},
                {"name": "c", "taskReferenceName": "c", "type": "SUB_WORKFLOW", "subWorkflowParam": {"workflowDefinition": {"name": "inline", "tasks": [
                  {"name": "d", "taskReferenceName": "d", "type": "SUB_WORKFLOW", "subWorkflowParam": {"name": "shipping"}}]}}}]}}
            ]}
            """#)
        let found = DefinitionValidator.subWorkflowReferences(in: definition)
        #expect(found.map(\.name) == ["billing", "shipping"])
        #expect(found.first?.version == 3)
        #expect(found.map(\.taskReferenceName) == ["a", "d"])
    }
}
