import Testing
@testable import BatonCore
import BatonModel

@Suite("DefinitionValidator")
struct DefinitionValidatorTests {
    /// The message of the error validating `json` as a workflow definition, or `nil` when it passes.
    func workflowMessage(_ json: String) throws -> String? {
        let definition = try workflowDef(json)
        do {
            try DefinitionValidator.validate(definition)
            return nil
        } catch {
            return error.message
        }
    }

    func taskMessage(_ json: String) throws -> String? {
        let definition = try taskDef(json)
        do {
            try DefinitionValidator.validate(definition)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aValidDefinitionPasses() throws {
        #expect(try workflowMessage("""
            {"name": "order", "version": 1, "timeoutSeconds": 0, "outputParameters": {"id": "${a.output.id}", "cost": "$${literal}"},
             "tasks": [
               {"name": "a", "taskReferenceName": "a", "inputParameters": {"x": "${workflow.input.x}", "list": ["id-${CPEWF_TASK_ID}", 1]},
                "taskDefinition": {"name": "a", "retryCount": 0, "timeoutSeconds": 10, "responseTimeoutSeconds": 10}},
               {"name": "b", "taskReferenceName": "b", "type": "SIMPLE", "retryCount": 2, "startDelay": 5}
             ]}
            """) == nil)
        #expect(try taskMessage(#"{"name": "a", "retryCount": 3, "timeoutSeconds": 0, "responseTimeoutSeconds": 600}"#) == nil)
    }

    @Test func duplicateTaskReferenceName() throws {
        let message = try #require(try workflowMessage("""
            {"name": "w", "tasks": [{"name": "a", "taskReferenceName": "same"}, {"name": "b", "taskReferenceName": "same"}]}
            """))
        #expect(message.contains("taskReferenceName 'same'"))
        #expect(message.contains("tasks[1]"))
        #expect(message.contains("'w'"))
    }

    @Test func unknownType() throws {
        let message = try #require(try workflowMessage(#"{"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a", "type": "TELEPORT"}]}"#))
        #expect(message.contains("type"))
        #expect(message.contains("TELEPORT"))
        #expect(message.contains("tasks[0]"))
    }

    @Test func anEventSinkMustBeBatonsOwn() throws {
        let missing = try #require(try workflowMessage(#"{"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a", "type": "EVENT"}]}"#))
        #expect(missing.contains("sink"))
        let foreign = try #require(try workflowMessage(#"{"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a", "type": "EVENT", "sink": "sqs:orders"}]}"#))
        #expect(foreign.contains("sqs:orders"))
        #expect(try workflowMessage(#"{"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a", "type": "EVENT", "sink": "conductor:orders"}]}"#) == nil)
    }

    @Test func emptyTasks() throws {
        let message = try #require(try workflowMessage(#"{"name": "w", "tasks": []}"#))
        #expect(message.contains("tasks must not be empty"))
    }

    @Test func emptyNames() throws {
        #expect(try workflowMessage(#"{"name": " ", "tasks": [{"name": "a", "taskReferenceName": "a"}]}"#)?.contains("name") == true)
        #expect(try workflowMessage(#"{"name": "w", "tasks": [{"name": "", "taskReferenceName": "a"}]}"#)?.contains("tasks[0]: name") == true)
        #expect(try workflowMessage(#"{"name": "w", "tasks": [{"name": "a", "taskReferenceName": ""}]}"#)?.contains("taskReferenceName") == true)
        #expect(try taskMessage(#"{"name": ""}"#)?.contains("name") == true)
    }

    @Test func badExpressionInInputParameters() throws {
        let message = try #require(try workflowMessage("""
            {"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a", "inputParameters": {"sku": "${workflow.input.sku"}}]}
            """))
        #expect(message.contains("inputParameters.sku"))
        #expect(message.contains("${workflow.input.sku"))
    }

    @Test func badExpressionDeepInsideInputParameters() throws {
        let message = try #require(try workflowMessage("""
            {"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a", "inputParameters": {"items": [{"ok": 1}, {"bad": "${a.output[}"}]}}]}
            """))
        #expect(message.contains("inputParameters.items[1].bad"))
        #expect(message.contains("position"))
    }

    @Test func badExpressionInOutputParameters() throws {
        let message = try #require(try workflowMessage("""
            {"name": "w", "outputParameters": {"total": "${}"}, "tasks": [{"name": "a", "taskReferenceName": "a"}]}
            """))
        #expect(message.contains("outputParameters.total"))
    }

    @Test func negativeRetryCount() throws {
        let stepMessage = try #require(try workflowMessage(#"{"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a", "retryCount": -1}]}"#))
        #expect(stepMessage.contains("retryCount must not be negative"))
        #expect(stepMessage.contains("tasks[0]"))
        let taskMessage = try #require(try taskMessage(#"{"name": "charge", "retryCount": -2}"#))
        #expect(taskMessage.contains("retryCount"))
        #expect(taskMessage.contains("-2"))
        #expect(taskMessage.contains("'charge'"))
    }

    @Test(arguments: [
        "retryDelaySeconds", "timeoutSeconds", "pollTimeoutSeconds", "maxRetryDelaySeconds", "backoffJitterMs",
        "concurrentExecLimit", "rateLimitPerFrequency", "rateLimitFrequencyInSeconds",
    ])
    func negativeTaskDefFields(field: String) throws {
        let message = try #require(try taskMessage(#"{"name": "t", "\#(field)": -1}"#))
        #expect(message.contains("\(field) must not be negative"))
    }

    @Test func responseTimeoutLongerThanTimeout() throws {
        let message = try #require(try taskMessage(#"{"name": "t", "timeoutSeconds": 10, "responseTimeoutSeconds": 20}"#))
        #expect(message.contains("responseTimeoutSeconds (20)"))
        #expect(message.contains("timeoutSeconds (10)"))
    }

    @Test func inlineTaskDefinitionIsValidatedToo() throws {
        let message = try #require(try workflowMessage("""
            {"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a",
              "taskDefinition": {"name": "a", "retryCount": -1}}]}
            """))
        #expect(message.contains("retryCount must not be negative"))
    }

    /// Conductor does not validate a definition inline in a step, and its test harness's
    /// definitions carry the default response timeout with a shorter timeout there.
    @Test func inlineTaskDefinitionMayHaveAResponseTimeoutLongerThanItsTimeout() throws {
        #expect(try workflowMessage("""
            {"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a",
              "taskDefinition": {"name": "a", "retryCount": 1, "timeoutSeconds": 120, "responseTimeoutSeconds": 3600}}]}
            """) == nil)
    }

    @Test func otherWorkflowAndStepFields() throws {
        #expect(try workflowMessage(#"{"name": "w", "version": 0, "tasks": [{"name": "a", "taskReferenceName": "a"}]}"#)?.contains("version") == true)
        #expect(try workflowMessage(#"{"name": "w", "timeoutSeconds": -1, "tasks": [{"name": "a", "taskReferenceName": "a"}]}"#)?.contains("timeoutSeconds") == true)
        #expect(try workflowMessage(#"{"name": "w", "tasks": [{"name": "a", "taskReferenceName": "a", "startDelay": -5}]}"#)?.contains("startDelay") == true)
        #expect(try taskMessage(#"{"name": "t", "backoffScaleFactor": 0}"#)?.contains("backoffScaleFactor") == true)
        #expect(try taskMessage(#"{"name": "t", "responseTimeoutSeconds": 0}"#)?.contains("responseTimeoutSeconds must be at least 1") == true)
    }
}
