import Testing
@testable import BatonCore
import BatonModel

@Suite("Task types: EVENT")
struct EventTaskTests {
    @Test func anEventPublishesItsInputWithTheWorkflowAndCompletes() throws {
        var harness = Harness(try workflowDef("""
            {"name": "orders", "version": 3, "tasks": [
              {"name": "announce", "taskReferenceName": "announce", "type": "EVENT", "sink": "conductor",
               "inputParameters": {"orderId": "${workflow.input.orderId}"}},
              {"name": "next", "taskReferenceName": "next"}
            ]}
            """), input: ["orderId": "o-1"], correlationId: "o-1")
        let decision = try harness.start()
        let event = try harness.latest("announce")
        #expect(event.status == .completed)
        #expect(event.outputData["orderId"] == "o-1")
        #expect(event.outputData["event_produced"] == "conductor:orders:announce")
        #expect(event.outputData["workflowInstanceId"] == "wf-1")
        #expect(event.outputData["workflowVersion"] == 3)
        #expect(event.outputData["correlationId"] == "o-1")
        #expect(decision.enqueued.map(\.taskType) == ["next"])  // the event never enters a queue
        // The feed carries it: a change event of the completed attempt, with its payload.
        let changes = ChangeEvent.changes(from: nil, to: decision.workflow, at: harness.now)
        #expect(changes.contains { $0.taskReferenceName == "announce" && $0.status == "COMPLETED" })
    }

    @Test func aNamedSinkKeepsItsName() throws {
        var harness = Harness(try workflowDef("""
            {"name": "orders", "tasks": [{"name": "announce", "taskReferenceName": "announce", "type": "EVENT", "sink": "conductor:order_events"}]}
            """))
        try harness.start()
        #expect(try harness.latest("announce").outputData["event_produced"] == "conductor:order_events")
        #expect(harness.workflow.status == .completed)
    }
}
