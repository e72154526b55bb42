import BatonModel
import Foundation
import Testing

@testable import BatonCLI

@Suite("def register: file shapes")
struct DefFileTests {
    private func parse(_ json: String, file: String = "defs.json") throws(CLIError) -> DefBundle {
        try DefBundle.parse(Data(json.utf8), file: file)
    }

    @Test func workflowDefinitionObject() throws {
        let bundle = try parse(#"{"name":"order","version":2,"tasks":[{"name":"charge","taskReferenceName":"c"}],"ownerEmail":"a@b","inputSchema":{"type":"object"}}"#)
        #expect(bundle.taskDefs.isEmpty)
        #expect(bundle.workflowDefs.count == 1)
        #expect(bundle.workflowDefs[0].name == "order")
        #expect(bundle.workflowDefs[0].version == 2)
        #expect(bundle.workflowDefs[0].tasks[0].taskReferenceName == "c")
        #expect(bundle.workflowDefs[0].ownerEmail == "a@b")
        #expect(bundle.workflowDefs[0].extra["inputSchema"] == ["type": "object"])
    }

    @Test func arrayOfTaskDefinitions() throws {
        let bundle = try parse(#"[{"name":"charge","retryCount":5},{"name":"ship"}]"#)
        #expect(bundle.taskDefs.map(\.name) == ["charge", "ship"])
        #expect(bundle.taskDefs[0].retryCount == 5)
        #expect(bundle.workflowDefs.isEmpty)
    }

    @Test func singleTaskDefinitionObject() throws {
        let bundle = try parse(#"{"name":"charge","timeoutSeconds":30}"#)
        #expect(bundle.taskDefs.map(\.name) == ["charge"])
        #expect(bundle.workflowDefs.isEmpty)
    }

    @Test func bundleObject() throws {
        let bundle = try parse("""
            {"taskDefs": [{"name": "charge"}],
             "workflowDefs": [{"name": "order", "tasks": [{"name": "charge", "taskReferenceName": "c"}]},
                              {"name": "refund", "tasks": [{"name": "refund", "taskReferenceName": "r"}]}]}
            """)
        #expect(bundle.taskDefs.map(\.name) == ["charge"])
        #expect(bundle.workflowDefs.map(\.name) == ["order", "refund"])
    }

    @Test func bundleWithOnlyWorkflowDefs() throws {
        let bundle = try parse(#"{"workflowDefs":[{"name":"order","tasks":[]}]}"#)
        #expect(bundle.taskDefs.isEmpty)
        #expect(bundle.workflowDefs.map(\.name) == ["order"])
    }

    @Test func arrayElementWithTasksIsAWorkflowDefinition() throws {
        let bundle = try parse(#"[{"name":"charge"},{"name":"order","tasks":[{"name":"charge","taskReferenceName":"c"}]}]"#)
        #expect(bundle.taskDefs.map(\.name) == ["charge"])
        #expect(bundle.workflowDefs.map(\.name) == ["order"])
    }

    @Test func filesAppendInOrder() throws {
        var bundle = try parse(#"[{"name":"a"}]"#)
        bundle.append(try parse(#"{"taskDefs":[{"name":"b"}],"workflowDefs":[{"name":"w","tasks":[]}]}"#))
        #expect(bundle.taskDefs.map(\.name) == ["a", "b"])
        #expect(bundle.workflowDefs.map(\.name) == ["w"])
    }

    @Test func invalidJSON() {
        #expect(throws: CLIError("broken.json: not valid JSON")) {
            try parse("{nope", file: "broken.json")
        }
    }

    @Test(arguments: ["42", #""text""#, "null", #"{"description":"no name"}"#])
    func unknownShape(json: String) {
        #expect(throws: CLIError(
            "defs.json: expected a workflow definition, an array of task definitions, or an object with taskDefs/workflowDefs"
        )) {
            try parse(json)
        }
    }

    @Test func emptyArrayHasNoDefinitions() {
        #expect(throws: CLIError("defs.json: no definitions found")) { try parse("[]") }
    }

    @Test func missingFieldNamesItsPath() {
        #expect(throws: CLIError("defs.json: missing field 'taskReferenceName' in workflowDefs[0].tasks[1]")) {
            try parse(#"{"workflowDefs":[{"name":"w","tasks":[{"name":"a","taskReferenceName":"a"},{"name":"b"}]}]}"#)
        }
    }

    @Test func wrongTypeNamesItsPath() {
        #expect(throws: CLIError("defs.json: [1].retryCount: expected a number")) {
            try parse(#"[{"name":"a"},{"name":"b","retryCount":"three"}]"#)
        }
    }
}
