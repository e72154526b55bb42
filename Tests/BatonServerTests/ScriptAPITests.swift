import BatonModel
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite("Scripts over HTTP: INLINE, JSON_JQ_TRANSFORM and SWITCH with real JavaScript and jq")
struct ScriptAPITests {
    static let checkout = #"""
        {"name": "checkout", "version": 1,
         "tasks": [
            {"name": "price", "taskReferenceName": "price", "type": "INLINE",
             "inputParameters": {"evaluatorType": "javascript", "items": "${workflow.input.items}",
                "expression": "const total = $.items.reduce((sum, item) => sum + item.price * item.qty, 0);\nreturn {total: total, count: $.items.length};"}},
            {"name": "shape", "taskReferenceName": "shape", "type": "JSON_JQ_TRANSFORM",
             "inputParameters": {"priced": "${price.output.result}",
                "queryExpression": "{total: .priced.total, tier: (if .priced.total > 100 then \"gold\" else \"basic\" end)}"}},
            {"name": "route", "taskReferenceName": "route", "type": "SWITCH", "evaluatorType": "javascript",
             "expression": "$.tier == 'gold' ? 'vip' : 'standard'",
             "inputParameters": {"tier": "${shape.output.result.tier}"},
             "decisionCases": {
                "vip": [{"name": "note", "taskReferenceName": "vipNote", "type": "INLINE",
                         "inputParameters": {"evaluatorType": "javascript", "total": "${shape.output.result.total}", "expression": "'vip order of ' + $.total"}}]},
             "defaultCase": []}
         ],
         "outputParameters": {"total": "${shape.output.result.total}", "case": "${route.output.selectedCase}", "note": "${vipNote.output.result}"}}
        """#

    @Test("INLINE → JSON_JQ_TRANSFORM → SWITCH completes with the scripts' results", arguments: StoreKind.allCases)
    func scriptedWorkflow(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            #expect(try await client.send(.post, "/api/metadata/workflow", json: Self.checkout).status == .ok)
            let input = #"{"items": [{"price": 40, "qty": 2}, {"price": 25, "qty": 1}]}"#
            let workflowId = try await client.send(.post, "/api/workflow/checkout", json: input).text
            let workflow = try await client.send(.get, "/api/workflow/\(workflowId)").decode(Workflow.self)
            #expect(workflow.status == .completed)
            #expect(workflow.output == ["total": 105, "case": "vip", "note": "vip order of 105"])
            #expect(workflow.tasks.map(\.referenceTaskName) == ["price", "shape", "route", "vipNote"])
            #expect(workflow.tasks.first?.outputData == ["result": ["total": 105, "count": 2]])
            #expect(workflow.tasks[1].outputData["resultList"] == [["total": 105, "tier": "gold"]])
        }
    }

    @Test("a runaway INLINE script fails its task at the time limit; the server keeps answering", arguments: StoreKind.allCases)
    func runawayScript(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let definition = #"""
                {"name": "spin", "tasks": [{"name": "spin", "taskReferenceName": "spin", "type": "INLINE",
                 "inputParameters": {"evaluatorType": "javascript", "expression": "while (true) {}"}}]}
                """#
            #expect(try await client.send(.post, "/api/metadata/workflow", json: definition).status == .ok)
            let finished = Mutex(false)
            let start = _Concurrency.Task {
                defer { finished.withLock { $0 = true } }
                return try await client.send(.post, "/api/workflow/spin", json: "{}").text
            }
            try await _Concurrency.Task.sleep(for: .milliseconds(300))
            let health = try await client.send(.get, "/health")
            #expect(health.status == .ok)
            // /health answered while the start, which runs the script, was still under way.
            #expect(!finished.withLock { $0 }, "/health waited for the script")

            // The limit counts CPU time, so no bound by the clock: a loaded machine stretches it.
            let workflowId = try await start.value
            let workflow = try await client.send(.get, "/api/workflow/\(workflowId)").decode(Workflow.self)
            #expect(workflow.status == .failed)
            #expect(workflow.tasks.first?.status == .failed)
            #expect(workflow.tasks.first?.reasonForIncompletion == "script ran longer than 2 s")
        }
    }
}
