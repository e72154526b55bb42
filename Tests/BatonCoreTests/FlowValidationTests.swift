import Testing
@testable import BatonCore
import BatonModel

@Suite("DefinitionValidator: control-flow types")
struct FlowValidationTests {
    func message(_ tasks: String) throws -> String? {
        let definition = try workflowDef(#"{"name": "w", "tasks": \#(tasks)}"#)
        do {
            try DefinitionValidator.validate(definition)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        (#"[{"name": "x", "taskReferenceName": "route", "type": "SWITCH", "expression": "k"}]"#, "tasks[0] ('route'): SWITCH needs decisionCases"),
        (#"[{"name": "x", "taskReferenceName": "route", "type": "SWITCH", "decisionCases": {}}]"#, "('route'): SWITCH needs expression"),
        (#"[{"name": "x", "taskReferenceName": "d", "type": "DECISION", "decisionCases": {}}]"#, "DECISION needs caseValueParam or caseExpression"),
        (#"[{"name": "x", "taskReferenceName": "f", "type": "FORK_JOIN"}, {"name": "j", "taskReferenceName": "j", "type": "JOIN"}]"#, "FORK_JOIN needs forkTasks"),
        (#"[{"name": "x", "taskReferenceName": "l", "type": "DO_WHILE", "loopCondition": "true"}]"#, "('l'): DO_WHILE needs loopOver"),
        (#"[{"name": "x", "taskReferenceName": "l", "type": "DO_WHILE", "loopOver": [{"name": "a", "taskReferenceName": "a"}]}]"#, "DO_WHILE needs loopCondition"),
        (#"[{"name": "x", "taskReferenceName": "dy", "type": "DYNAMIC"}]"#, "DYNAMIC needs dynamicTaskNameParam"),
        (#"[{"name": "x", "taskReferenceName": "t", "type": "TERMINATE", "inputParameters": {"terminationStatus": "DONE"}}]"#, "terminationStatus must be COMPLETED, FAILED or TERMINATED"),
        (#"[{"name": "x", "taskReferenceName": "w", "type": "WAIT", "inputParameters": {"duration": "soon"}}]"#, "WAIT duration 'soon'"),
        (#"[{"name": "x", "taskReferenceName": "i", "type": "INLINE"}]"#, "INLINE needs input expression"),
        (#"[{"name": "x", "taskReferenceName": "l", "type": "LAMBDA"}]"#, "('l'): LAMBDA needs input scriptExpression"),
        (#"[{"name": "x", "taskReferenceName": "fd", "type": "FORK_JOIN_DYNAMIC"}, {"name": "j", "taskReferenceName": "j", "type": "JOIN"}]"#, "FORK_JOIN_DYNAMIC needs dynamicForkTasksParam or input forkTaskName"),
    ])
    func requiredFieldsAreNamed(tasks: String, expected: String) throws {
        let found = try #require(try message(tasks))
        #expect(found.contains(expected), "\(found)")
    }

    @Test func referencesAreUniqueAcrossNestedBranches() throws {
        let found = try #require(try message(#"""
            [{"name": "f", "taskReferenceName": "f", "type": "FORK_JOIN", "forkTasks": [[{"name": "a", "taskReferenceName": "a"}],
              [{"name": "s", "taskReferenceName": "s", "type": "SWITCH", "expression": "k",
                "decisionCases": {"x": [{"name": "a", "taskReferenceName": "a"}]}}]]},
             {"name": "j", "taskReferenceName": "j", "type": "JOIN"}]
            """#))
        #expect(found.contains("tasks[0].forkTasks[1][0].decisionCases['x'][0]"))
        #expect(found.contains("'a' is used by more than one task"))
    }

    @Test func nestedStepsAreCheckedToo() throws {
        let found = try #require(try message(#"""
            [{"name": "l", "taskReferenceName": "l", "type": "DO_WHILE", "loopCondition": "false",
              "loopOver": [{"name": "x", "taskReferenceName": "route", "type": "SWITCH", "expression": "k"}]}]
            """#))
        #expect(found.contains("tasks[0].loopOver[0] ('route'): SWITCH needs decisionCases"))
    }

    @Test func aValidNestedDefinitionPasses() throws {
        #expect(try message(#"""
            [{"name": "f", "taskReferenceName": "f", "type": "FORK_JOIN", "forkTasks": [[{"name": "a", "taskReferenceName": "a"}],
              [{"name": "l", "taskReferenceName": "l", "type": "DO_WHILE", "loopCondition": "$.l.iteration < 3",
                "loopOver": [{"name": "b", "taskReferenceName": "b"}]}]]},
             {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["a", "l"]},
             {"name": "w", "taskReferenceName": "w", "type": "WAIT", "inputParameters": {"duration": "2d 3h"}},
             {"name": "t", "taskReferenceName": "t", "type": "TERMINATE", "inputParameters": {"terminationStatus": "COMPLETED"}}]
            """#) == nil)
    }
}
