import Foundation
import Testing
import BatonModel

@Suite("Extensible round-tripping")
struct ExtensibleTests {
    static let workflowJSON = """
        {
          "name": "order", "version": 3, "ownerEmail": "ops@example.com", "timeoutSeconds": 600,
          "timeoutPolicy": "TIME_OUT_WF", "restartable": false,
          "inputSchema": {"name": "orderSchema", "version": 1, "type": "JSON"},
          "enforceSchema": true, "ownerApp": "shop", "accessPolicy": {}, "tags": [{"key": "team", "value": "ops"}],
          "outputParameters": {"total": "${charge.output.total}"},
          "tasks": [
            {
              "name": "charge", "taskReferenceName": "charge", "type": "SIMPLE",
              "inputParameters": {"amount": "${workflow.input.amount}"},
              "optional": true, "retryCount": 2,
              "scriptExpression": null, "defaultExclusiveJoinTask": [], "cacheConfig": {"key": "k"},
              "decisionCases": {"a": [{"name": "x", "taskReferenceName": "x", "futureField": 1.5}]},
              "taskDefinition": {
                "name": "charge", "retryCount": 5, "timeoutSeconds": 30, "responseTimeoutSeconds": 10,
                "inputKeys": ["amount"], "outputKeys": [], "ownerApp": "payments", "isolationGroupId": "g1",
                "pollTimeoutSeconds": 3, "totalTimeoutSeconds": 900
              }
            },
            {"name": "ship", "taskReferenceName": "ship", "rateLimited": true, "permissive": false}
          ]
        }
        """

    @Test func workflowDefRoundTripsUnknownFieldsVerbatim() throws {
        let definition = try workflowDef(Self.workflowJSON)
        #expect(try jsonTree(of: definition) == decode(JSONValue.self, Self.workflowJSON))
    }

    @Test func unknownFieldsLandInExtraAtEachLevel() throws {
        let definition = try workflowDef(Self.workflowJSON)
        #expect(definition.name == "order")
        #expect(definition.version == 3)
        #expect(definition.restartable == false)
        #expect(definition.timeoutPolicy == .timeOutWorkflow)
        #expect(Set(definition.extra.keys) == ["inputSchema", "enforceSchema", "ownerApp", "accessPolicy", "tags"])
        #expect(definition.extra["inputSchema"] == ["name": "orderSchema", "version": 1, "type": "JSON"])

        let charge = definition.tasks[0]
        #expect(charge.isOptional)
        #expect(charge.retryCount == 2)
        #expect(charge.taskType == .simple)
        #expect(charge.extra["scriptExpression"] == .null)
        #expect(charge.decisionCases?["a"]?.first?.extra["futureField"] == .double(1.5))
        #expect(Set(charge.extra.keys) == ["scriptExpression", "cacheConfig"])
        #expect(charge.defaultExclusiveJoinTask == [])

        let inline = try #require(charge.taskDefinition)
        #expect(inline.retryCount == 5)
        #expect(inline.pollTimeoutSeconds == 3)
        #expect(Set(inline.extra.keys) == ["inputKeys", "outputKeys", "ownerApp", "isolationGroupId", "totalTimeoutSeconds"])

        #expect(definition.tasks[1].taskType == .simple)
        #expect(definition.tasks[1].extra == ["rateLimited": true, "permissive": false])
    }

    @Test func taskDefRoundTripsUnknownFields() throws {
        let text = """
            {"name": "charge", "retryCount": 1, "retryLogic": "EXPONENTIAL_BACKOFF", "backoffScaleFactor": 2,
             "timeoutPolicy": "RETRY", "inputTemplate": {"currency": "EUR", "limits": [1, 2.5]},
             "ownerApp": "payments", "inputKeys": ["a", "b"], "baseType": null, "totalTimeoutSeconds": 0,
             "enforceSchema": false, "outputSchema": {"type": "JSON", "data": {"deep": {"deeper": [null, true]}}}}
            """
        let definition = try taskDef(text)
        #expect(definition.retryLogic == .exponentialBackoff)
        #expect(definition.timeoutPolicy == .retry)
        #expect(definition.inputTemplate == ["currency": "EUR", "limits": [1, 2.5]])
        #expect(definition.extra["baseType"] == .null)
        #expect(try jsonTree(of: definition) == decode(JSONValue.self, text))
    }

    @Test func editingATypedFieldKeepsTheUnknownOnes() throws {
        var definition = try taskDef(#"{"name": "charge", "retryCount": 1, "ownerApp": "payments"}"#)
        definition.retryCount = 4
        #expect(try jsonTree(of: definition) == ["name": "charge", "retryCount": 4, "ownerApp": "payments"])
    }

    @Test func aTypedFieldWinsOverAnExtraOfTheSameName() throws {
        let definition = TaskDef(TaskDefFields(name: "charge"), extra: ["name": "shadow", "retryCount": 9, "other": 1])
        #expect(try jsonTree(of: definition) == ["name": "charge", "other": 1])
    }

    @Test func definitionsWithoutUnknownFieldsEncodeOnlyWhatWasGiven() throws {
        let definition = linearDef(["a"])
        #expect(try jsonTree(of: definition) == [
            "name": "linear", "tasks": [["name": "a", "taskReferenceName": "a", "type": "SIMPLE"]],
        ])
    }

    private func codingPath(of error: any Error) -> [String]? {
        guard let error = error as? DecodingError else { return nil }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            return context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        @unknown default:
            return nil
        }
    }

    @Test func wrongTypeInATopLevelFieldNamesTheField() throws {
        let error = #expect(throws: DecodingError.self) {
            try workflowDef(#"{"name": "w", "timeoutSeconds": "ten", "tasks": []}"#)
        }
        let path = codingPath(of: try #require(error))
        #expect(path == ["timeoutSeconds"])
    }

    @Test func wrongTypeInATaskFieldNamesTheTaskAndTheField() throws {
        let error = #expect(throws: DecodingError.self) {
            try workflowDef("""
                {"name": "w", "tasks": [
                  {"name": "a", "taskReferenceName": "a"},
                  {"name": "b", "taskReferenceName": "b", "optional": "yes"}
                ]}
                """)
        }
        let path = codingPath(of: try #require(error))
        #expect(path == ["tasks", "[1]", "optional"])
    }

    @Test func wrongTypeInAnInlineTaskDefinitionNamesTheNestedField() throws {
        let error = #expect(throws: DecodingError.self) {
            try workflowDef("""
                {"name": "w", "tasks": [
                  {"name": "a", "taskReferenceName": "a", "taskDefinition": {"name": "a", "retryCount": "1"}}
                ]}
                """)
        }
        let path = codingPath(of: try #require(error))
        #expect(path == ["tasks", "[0]", "taskDefinition", "retryCount"])
    }

    @Test func unknownEnumValueNamesTheField() throws {
        let error = #expect(throws: DecodingError.self) {
            try taskDef(#"{"name": "a", "retryLogic": "SOMETIMES"}"#)
        }
        let path = codingPath(of: try #require(error))
        #expect(path == ["retryLogic"])
    }

    @Test func missingRequiredFieldIsReported() throws {
        let error = #expect(throws: DecodingError.self) {
            try workflowDef(#"{"name": "w", "tasks": [{"name": "a"}]}"#)
        }
        guard case .keyNotFound(let key, let context) = try #require(error) else {
            Issue.record("expected keyNotFound, got \(String(describing: error))")
            return
        }
        #expect(key.stringValue == "taskReferenceName")
        #expect(context.codingPath.first?.stringValue == "tasks")
    }
}
