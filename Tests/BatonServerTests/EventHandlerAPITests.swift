@testable import BatonEngine
import BatonCore
import BatonModel
import BatonStore
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Event handlers over HTTP")
struct EventHandlerAPITests {
    /// A workflow whose only step publishes `input` to `sink`.
    static func publisher(_ name: String, sink: String, input: String) -> String {
        """
        {"name": "\(name)", "tasks": [{"name": "publish", "taskReferenceName": "publish", "type": "EVENT", "sink": "\(sink)",
          "inputParameters": \(input)}]}
        """
    }

    static let waiter = #"{"name": "waiter", "tasks": [{"name": "wait", "taskReferenceName": "wait", "type": "WAIT"}, {"name": "approve", "taskReferenceName": "approve", "type": "HUMAN"}]}"#

    @Test("CRUD: add, list, by event with activeOnly, update, delete; 409, 404 and 400s that change nothing", arguments: StoreKind.allCases)
    func crud(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let handler = """
                {"name": "ship_on_order", "event": "conductor:orders:publish", "condition": "$.amount > 10", "active": true,
                 "createdBy": "ops", "actions": [{"action": "start_workflow", "start_workflow": {"name": "ship", "input": {"id": "${orderId}"}}}]}
                """
            #expect(try await client.send(.post, "/api/event", json: handler).status == .ok)
            let again = try await client.send(.post, "/api/event", json: handler)
            #expect(again.status == .conflict)
            #expect(again.message == "EventHandler with name ship_on_order already exists!")
            let inactive = #"{"name": "audit", "event": "conductor:orders:publish", "actions": [{"action": "terminate_workflow", "terminate_workflow": {"workflowId": "${workflowInstanceId}"}}]}"#
            #expect(try await client.send(.post, "/api/event", json: inactive).status == .ok)

            var all = try await client.send(.get, "/api/event").decode([EventHandler].self)
            #expect(all.map(\.name) == ["audit", "ship_on_order"])
            #expect(all[1].extra["createdBy"] == "ops")
            #expect(all[1].actions?[0].start_workflow?.input == ["id": "${orderId}"])
            let active = try await client.send(.get, "/api/event/conductor%3Aorders%3Apublish").decode([EventHandler].self)
            #expect(active.map(\.name) == ["ship_on_order"])
            let both = try await client.send(.get, "/api/event/conductor:orders:publish?activeOnly=false").decode([EventHandler].self)
            #expect(both.map(\.name) == ["audit", "ship_on_order"])
            #expect(try await client.send(.get, "/api/event/conductor:nothing").decode([EventHandler].self).isEmpty)

            let updated = #"{"name": "audit", "event": "conductor:orders:publish", "active": true, "actions": [{"action": "terminate_workflow", "terminate_workflow": {"workflowId": "${workflowInstanceId}", "terminationReason": "audit"}}]}"#
            #expect(try await client.send(.put, "/api/event", json: updated).status == .ok)
            #expect(try await client.send(.get, "/api/event/conductor:orders:publish").decode([EventHandler].self).map(\.name) == ["audit", "ship_on_order"])
            let missing = try await client.send(.put, "/api/event", json: updated.replacingOccurrences(of: "\"audit\",", with: "\"nobody\","))
            #expect(missing.status == .notFound)
            #expect(missing.message == "EventHandler with name nobody not found!")

            let bad: [(String, String)] = [
                (#"{"event": "e", "actions": [{"action": "start_workflow", "start_workflow": {"name": "w"}}]}"#, "name"),
                (#"{"name": "x", "actions": [{"action": "start_workflow", "start_workflow": {"name": "w"}}]}"#, "event"),
                (#"{"name": "x", "event": "e"}"#, "actions"),
                (#"{"name": "x", "event": "e", "actions": [{"action": "send_email"}]}"#, "unknown action 'send_email'"),
                (#"{"name": "x", "event": "e", "actions": [{"action": "start_workflow", "start_workflow": {"version": 1}}]}"#, "start_workflow.name"),
                (#"{"name": "x", "event": "e", "actions": [{"action": "complete_task", "complete_task": {"taskRefName": "wait"}}]}"#, "taskId, or workflowId and taskRefName"),
                (#"{"name": "x", "event": "e", "active": "yes", "actions": []}"#, "active"),
                ("[1]", "event handler"),
            ]
            for (body, field) in bad {
                let response = try await client.send(.post, "/api/event", json: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.message?.contains(field) == true, "\(response.message ?? "") should name \(field)")
            }
            let badUpdate = try await client.send(.put, "/api/event", json: #"{"name": "audit", "event": "e", "actions": []}"#)
            #expect(badUpdate.status == .badRequest)

            #expect(try await client.send(.delete, "/api/event/audit").status == .ok)
            let gone = try await client.send(.delete, "/api/event/audit")
            #expect(gone.status == .notFound)
            all = try await client.send(.get, "/api/event").decode([EventHandler].self)
            #expect(all.map(\.name) == ["ship_on_order"])
            #expect(all[0].condition == "$.amount > 10")
        }
    }

    @Test("an EVENT task's event starts a workflow through a handler, once even when the action runs again", arguments: StoreKind.allCases)
    func startWorkflow(kind: StoreKind) async throws {
        try await TestServer.runLive(kind) { engine, _, client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.publisher(
                "orders", sink: "conductor", input: #"{"orderId": "${workflow.input.orderId}", "amount": 20}"#))
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.waiter.replacingOccurrences(of: "waiter", with: "ship"))
            #expect(try await client.send(.post, "/api/event", json: """
                {"name": "ship_on_order", "event": "conductor:orders:publish", "active": true,
                 "actions": [{"action": "start_workflow", "start_workflow": {"name": "ship", "correlationId": "${orderId}",
                   "input": {"order": "${orderId}", "from": "${workflowInstanceId}"}}}]}
                """).status == .ok)
            let publisher = try await client.send(.post, "/api/workflow/orders", json: #"{"orderId": "o-7"}"#).text

            let search = "/api/workflow/search?query=workflowType%3Dship"
            #expect(try await eventually { try await client.send(.get, search).decode(SearchResult<WorkflowSummary>.self).totalHits == 1 })
            let summary = try #require(try await client.send(.get, search).decode(SearchResult<WorkflowSummary>.self).results.first)
            let shipped = try await client.send(.get, "/api/workflow/\(summary.workflowId)").decode(Workflow.self)
            #expect(shipped.correlationId == "o-7")
            #expect(shipped.input["order"] == "o-7")
            #expect(shipped.input["from"] == .string(publisher))
            #expect(shipped.input["conductor.event.name"] == "conductor:orders:publish")
            let messageId = try #require(shipped.input["conductor.event.messageId"]?.stringValue)

            // After a crash the same action of the same event runs again: it meets the workflow it started.
            struct Feed: Decodable { var results: [StoredChange] }
            let feed = try await client.send(.get, "/api/changes?since=0&types=task&workflowId=\(publisher)").decode(Feed.self)
            let event = try #require(feed.results.compactMap(PublishedEvent.init).first)
            #expect(event.messageId == messageId)
            let handler = try #require(try await engine.eventHandlers().first)
            let order = try EventHandling.order(for: handler.actions![0], of: event)
            let outcome = try await engine.carryOut(order, idempotencyKey: "event:\(messageId):ship_on_order:0")
            #expect(outcome == "started ship \(summary.workflowId)")
            #expect(try await client.send(.get, search).decode(SearchResult<WorkflowSummary>.self).totalHits == 1)
        }
    }

    @Test("handlers complete a WAIT task and fail a HUMAN task in another workflow, and set its variables", arguments: StoreKind.allCases)
    func taskActions(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.waiter)
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.publisher(
                "decide", sink: "conductor:decisions",
                input: #"{"target": "${workflow.input.target}", "verdict": "${workflow.input.verdict}", "step": "${workflow.input.step}"}"#))
            #expect(try await client.send(.post, "/api/event", json: """
                {"name": "approve", "event": "conductor:decisions", "condition": "$.verdict == 'yes'", "active": true,
                 "actions": [{"action": "complete_task", "complete_task": {"workflowId": "${target}", "taskRefName": "${step}", "output": {"verdict": "${verdict}"}}},
                             {"action": "update_workflow_variables", "update_workflow_variables": {"workflowId": "${target}", "variables": {"verdicts": ["${verdict}"]}, "appendArray": true}}]}
                """).status == .ok)
            #expect(try await client.send(.post, "/api/event", json: """
                {"name": "reject", "event": "conductor:decisions", "condition": "$.verdict == 'no'", "active": true,
                 "actions": [{"action": "update_workflow_variables", "update_workflow_variables": {"workflowId": "${target}", "variables": {"verdicts": ["${verdict}"]}, "appendArray": true}},
                             {"action": "fail_task", "fail_task": {"workflowId": "${target}", "taskRefName": "${step}", "reasonForIncompletion": "rejected by ${verdict}"}}]}
                """).status == .ok)
            let waiter = try await client.send(.post, "/api/workflow/waiter", json: "{}").text

            _ = try await client.send(.post, "/api/workflow/decide", json: #"{"target": "\#(waiter)", "verdict": "yes", "step": "wait"}"#)
            #expect(try await eventually {
                try await client.send(.get, "/api/workflow/\(waiter)").decode(Workflow.self).tasks.first?.status == .completed
            })
            var workflow = try await client.send(.get, "/api/workflow/\(waiter)").decode(Workflow.self)
            try #require(!workflow.tasks.isEmpty)
            #expect(workflow.tasks[0].outputData["verdict"] == "yes")
            #expect(workflow.tasks[0].outputData["conductor.event.name"] == "conductor:decisions")
            #expect(workflow.tasks.map(\.referenceTaskName) == ["wait", "approve"])
            #expect(workflow.status == .running)

            _ = try await client.send(.post, "/api/workflow/decide", json: #"{"target": "\#(waiter)", "verdict": "no", "step": "approve"}"#)
            #expect(try await eventually {
                try await client.send(.get, "/api/workflow/\(waiter)").decode(Workflow.self).status == .failed
            })
            workflow = try await client.send(.get, "/api/workflow/\(waiter)").decode(Workflow.self)
            try #require(workflow.tasks.count == 2)
            #expect(workflow.tasks[1].status == .failed)
            #expect(workflow.tasks[1].reasonForIncompletion == "rejected by no")
            // Both events' variable updates landed, in order, before the failure ended the workflow.
            #expect(workflow.variables["verdicts"] == ["yes", "no"])
        }
    }

    @Test("a false condition, a failing condition and an inactive handler do nothing; a true one after them acts", arguments: StoreKind.allCases)
    func skipped(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.publisher("tick", sink: "conductor:ticks", input: #"{"n": 1}"#))
            for name in ["unwanted", "wanted"] {
                _ = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "\#(name)", "tasks": [{"name": "w", "taskReferenceName": "w", "type": "WAIT"}]}"#)
            }
            let start = #"[{"action": "start_workflow", "start_workflow": {"name": "unwanted"}}]"#
            // Handlers of one event run in name order: by the time "d" has acted, the others were passed over.
            for handler in [
                #"{"name": "a", "event": "conductor:ticks", "condition": "$.n > 5", "active": true, "actions": \#(start)}"#,
                #"{"name": "b", "event": "conductor:ticks", "condition": "$.n.nothing.here", "active": true, "actions": \#(start)}"#,
                #"{"name": "c", "event": "conductor:ticks", "active": false, "actions": \#(start)}"#,
                #"{"name": "d", "event": "conductor:ticks", "condition": "$.n == 1", "active": true, "actions": [{"action": "start_workflow", "start_workflow": {"name": "wanted"}}]}"#,
            ] {
                #expect(try await client.send(.post, "/api/event", json: handler).status == .ok)
            }
            _ = try await client.send(.post, "/api/workflow/tick", json: "{}")
            func count(_ name: String) async throws -> Int {
                try await client.send(.get, "/api/workflow/search?query=workflowType%3D\(name)").decode(SearchResult<WorkflowSummary>.self).totalHits
            }
            #expect(try await eventually { try await count("wanted") == 1 })
            #expect(try await count("unwanted") == 0)
        }
    }
}
