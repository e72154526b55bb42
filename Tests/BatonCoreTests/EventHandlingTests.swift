import Testing
@testable import BatonCore
import BatonModel

@Suite("Event handlers: validation, matching, conditions, actions")
struct EventHandlingTests {
    func handler(_ text: String) throws -> EventHandler { try decode(EventHandler.self, text) }

    let event = PublishedEvent(
        name: "conductor:orders:publish",
        payload: [
            "orderId": "o-1", "workflowInstanceId": "wf-9", "amount": 42, "items": ["a", "b"],
            "nested": #"{"approved": true, "by": "ann"}"#,
        ],
        messageId: "17")

    // MARK: validation

    @Test(arguments: [
        (#"{"event": "e", "actions": [{"action": "start_workflow", "start_workflow": {"name": "w"}}]}"#, "name"),
        (#"{"name": "h", "actions": [{"action": "start_workflow", "start_workflow": {"name": "w"}}]}"#, "event must name"),
        (#"{"name": "h", "event": "e"}"#, "actions must list"),
        (#"{"name": "h", "event": "e", "actions": []}"#, "actions must list"),
        (#"{"name": "h", "event": "e", "actions": [{"action": "launch_rocket"}]}"#, "unknown action 'launch_rocket'"),
        (#"{"name": "h", "event": "e", "actions": [{"start_workflow": {"name": "w"}}]}"#, "actions[0].action is missing"),
        (#"{"name": "h", "event": "e", "actions": [{"action": "start_workflow", "start_workflow": {}}]}"#, "start_workflow.name is missing"),
        (#"{"name": "h", "event": "e", "actions": [{"action": "complete_task", "complete_task": {"workflowId": "x"}}]}"#, "needs taskId, or workflowId and taskRefName"),
        (#"{"name": "h", "event": "e", "actions": [{"action": "fail_task"}]}"#, "fail_task is missing"),
        (#"{"name": "h", "event": "e", "actions": [{"action": "update_workflow_variables", "update_workflow_variables": {"workflowId": "x"}}]}"#, "variables is missing"),
        (#"{"name": "h", "event": "e", "actions": [{"action": "terminate_workflow", "terminate_workflow": {}}]}"#, "terminate_workflow.workflowId is missing"),
        (#"{"name": "h", "event": "e", "evaluatorType": "python", "actions": [{"action": "start_workflow", "start_workflow": {"name": "w"}}]}"#, "evaluatorType 'python'"),
        (#"{"name": "h", "event": "e", "actions": [{"action": "start_workflow", "start_workflow": {"name": "w", "input": {"x": "${broken"}}}]}"#, "actions[0]: '${' without"),
    ])
    func refusesWhatCannotRunNamingTheField(text: String, message: String) throws {
        let error = #expect(throws: DefinitionError.self) { try EventHandling.validate(try handler(text)) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test func acceptsEveryActionKind() throws {
        try EventHandling.validate(try handler("""
            {"name": "h", "event": "conductor:x", "condition": "$.amount > 10", "evaluatorType": "javascript", "actions": [
              {"action": "start_workflow", "start_workflow": {"name": "w", "input": {"id": "${orderId}"}}},
              {"action": "complete_task", "complete_task": {"taskId": "${taskId}"}},
              {"action": "fail_task", "fail_task": {"workflowId": "${workflowInstanceId}", "taskRefName": "wait"}},
              {"action": "update_workflow_variables", "update_workflow_variables": {"workflowId": "w", "variables": {"a": 1}}},
              {"action": "terminate_workflow", "terminate_workflow": {"workflowId": "w"}}]}
            """))
    }

    // MARK: matching and conditions

    @Test func onlyActiveHandlersOfTheExactEventAnswerInNameOrder() throws {
        let action = #"[{"action": "start_workflow", "start_workflow": {"name": "w"}}]"#
        let all = try [
            handler(#"{"name": "b", "event": "conductor:orders:publish", "active": true, "actions": \#(action)}"#),
            handler(#"{"name": "a", "event": "conductor:orders:publish", "active": true, "actions": \#(action)}"#),
            handler(#"{"name": "off", "event": "conductor:orders:publish", "active": false, "actions": \#(action)}"#),
            handler(#"{"name": "unset", "event": "conductor:orders:publish", "actions": \#(action)}"#),
            handler(#"{"name": "other", "event": "conductor:orders", "active": true, "actions": \#(action)}"#),
        ]
        #expect(EventHandling.handlers(for: event.name, in: all).map(\.name) == ["a", "b"])
    }

    @Test func aConditionIsTrueForTrueOrAPositiveNumberAndSeesInlineJSONExpanded() throws {
        func admits(_ condition: String?) throws -> Bool {
            var subject = try handler(#"{"name": "h", "event": "e", "actions": []}"#)
            subject.condition = condition
            return try EventHandling.admits(subject, payload: event.payload, scripts: StubScripts())
        }
        #expect(try admits(nil))
        #expect(try admits("  "))
        #expect(try admits("$.amount > 10"))
        #expect(try !admits("$.amount > 50"))
        #expect(try admits("$.amount"))
        #expect(try !admits("$.orderId"))
        #expect(try admits("$.nested.by == 'ann'"))
        #expect(throws: ScriptError.self) { try admits("throw 'bad'") }
    }

    // MARK: actions

    @Test func startWorkflowResolvesAgainstThePayloadAndStampsTheEvent() throws {
        let subject = try handler("""
            {"name": "h", "event": "e", "actions": [{"action": "start_workflow", "start_workflow": {
              "name": "ship", "version": 2, "correlationId": "${orderId}",
              "input": {"order": "${orderId}", "total": "${amount}", "first": "${items[0]}", "text": "order ${orderId}", "missing": "${nope}"}}}]}
            """)
        guard case .startWorkflow(let request) = try EventHandling.order(for: subject.actions![0], of: event) else {
            Issue.record("not a start")
            return
        }
        #expect(request.name == "ship")
        #expect(request.version == 2)
        #expect(request.correlationId == "o-1")
        #expect(request.input == [
            "order": "o-1", "total": 42, "first": "a", "text": "order o-1", "missing": nil,
            "conductor.event.name": "conductor:orders:publish", "conductor.event.messageId": "17",
        ])
    }

    @Test func taskActionsTargetATaskIdOrAReferenceInAWorkflow() throws {
        let subject = try handler("""
            {"name": "h", "event": "e", "actions": [
              {"action": "complete_task", "complete_task": {"workflowId": "${workflowInstanceId}", "taskRefName": "wait", "output": {"by": "${nested.by}"}}, "expandInlineJSON": true},
              {"action": "fail_task", "fail_task": {"taskId": "t-${orderId}", "reasonForIncompletion": "declined ${amount}"}},
              {"action": "complete_task", "complete_task": {"workflowId": "${absent}", "taskRefName": "wait"}}]}
            """)
        let actions = subject.actions!
        #expect(try EventHandling.order(for: actions[0], of: event) == .updateTask(
            .reference(workflowId: "wf-9", taskRefName: "wait"), status: .completed,
            output: ["by": "ann", "conductor.event.name": "conductor:orders:publish", "conductor.event.messageId": "17"], reason: nil))
        #expect(try EventHandling.order(for: actions[1], of: event) == .updateTask(
            .task(id: "t-o-1"), status: .failed,
            output: ["conductor.event.name": "conductor:orders:publish", "conductor.event.messageId": "17"], reason: "declined 42"))
        let error = #expect(throws: DefinitionError.self) { try EventHandling.order(for: actions[2], of: event) }
        #expect(error?.message.contains("complete_task.workflowId resolved to nothing") == true)
    }

    @Test func variableAndTerminateActions() throws {
        let subject = try handler("""
            {"name": "h", "event": "e", "actions": [
              {"action": "update_workflow_variables", "update_workflow_variables": {"workflowId": "${workflowInstanceId}", "variables": {"seen": "${items}"}, "appendArray": true}},
              {"action": "terminate_workflow", "terminate_workflow": {"workflowId": "${workflowInstanceId}"}}]}
            """)
        #expect(try EventHandling.order(for: subject.actions![0], of: event) == .updateVariables(
            workflowId: "wf-9", variables: ["seen": ["a", "b"]], appendArray: true))
        #expect(try EventHandling.order(for: subject.actions![1], of: event) == .terminate(
            workflowId: "wf-9", reason: "terminated by event conductor:orders:publish"))
    }

    // MARK: the decider's side

    @Test func updateVariablesSetsOrAppendsAndRefusesAnEndedWorkflow() throws {
        var definition = try oneStep(#"{"name": "wait", "taskReferenceName": "wait", "type": "WAIT"}"#, then: false)
        definition.variables = ["list": ["x"], "kept": 1]
        var harness = Harness(definition)
        try harness.start()
        try harness.send(.updateVariables(["list": ["y"], "new": "n"], appendArray: true))
        #expect(harness.workflow.variables == ["list": ["x", "y"], "kept": 1, "new": "n"])
        try harness.send(.updateVariables(["list": ["z"], "kept": [1]], appendArray: false))
        #expect(harness.workflow.variables == ["list": ["z"], "kept": [1], "new": "n"])
        try harness.complete("wait")
        #expect(harness.workflow.status == .completed)
        #expect(throws: DecisionError.self) { try harness.send(.updateVariables(["a": 1], appendArray: false)) }
    }
}
