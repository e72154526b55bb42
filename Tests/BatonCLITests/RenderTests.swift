import BatonModel
import Testing

@testable import BatonCLI

@Suite("status and search output")
struct RenderTests {
    @Test func isoTimes() {
        #expect(isoTime(0) == "-")
        #expect(isoTime(1_700_000_000_123) == "2023-11-14T22:13:20.123Z")
        #expect(isoTime(1_700_000_000_001) == "2023-11-14T22:13:20.001Z")
        #expect(isoTime(1_700_000_000_999) == "2023-11-14T22:13:20.999Z")
    }

    @Test func status() {
        let def = WorkflowDef(name: "order_flow", version: 2, tasks: [])
        var workflow = Workflow(
            workflowId: "wf-1", definition: def, input: [:], correlationId: "order-42",
            priority: 0, taskToDomain: [:], now: 1_700_000_000_000)
        workflow.status = .failed
        workflow.endTime = 1_700_000_060_000
        workflow.reasonForIncompletion = "card declined"
        var charge = Task(
            taskId: "t1", taskType: "charge", taskDefName: "charge", referenceTaskName: "charge_ref",
            status: .failed, inputData: [:], workflowInstanceId: "wf-1", workflowType: "order_flow",
            correlationId: "order-42", seq: 1, scheduledTime: 1_700_000_000_000,
            workflowTask: WorkflowTask(name: "charge", taskReferenceName: "charge_ref"))
        charge.retryCount = 1
        charge.workerId = "host-7"
        let wait = Task(
            taskId: "t2", taskType: "WAIT", taskDefName: "WAIT", referenceTaskName: "w",
            status: .canceled, inputData: [:], workflowInstanceId: "wf-1", workflowType: "order_flow",
            correlationId: "order-42", seq: 2, scheduledTime: 1_700_000_000_000,
            workflowTask: WorkflowTask(name: "WAIT", taskReferenceName: "w", type: .wait))
        workflow.tasks = [charge, wait]
        #expect(WorkflowCommand.Status.render(workflow) == """
            Workflow:        wf-1
            Name:            order_flow (version 2)
            Status:          FAILED
            Correlation id:  order-42
            Started:         2023-11-14T22:13:20.000Z
            Ended:           2023-11-14T22:14:20.000Z
            Reason:          card declined

            REF         TYPE    STATUS    ATTEMPT  WORKER
            charge_ref  charge  FAILED    2        host-7
            w           WAIT    CANCELED  1        -
            """)
    }

    @Test func search() {
        let result = SearchResult(totalHits: 3, results: [
            WorkflowSummary(workflowType: "order_flow", version: 1, workflowId: "wf-1", correlationId: "o-1",
                            startTime: "2023-11-14T22:13:20.000Z", status: .running),
            WorkflowSummary(workflowType: "order_flow", version: 12, workflowId: "wf-22", status: .completed),
        ])
        #expect(WorkflowCommand.Search.render(result, start: 0) == """
            ID     NAME        VERSION  STATUS     CORRELATION ID  START TIME
            wf-1   order_flow  1        RUNNING    o-1             2023-11-14T22:13:20.000Z
            wf-22  order_flow  12       COMPLETED  -               -

            Showing 1–2 of 3.
            """)
        #expect(WorkflowCommand.Search.render(SearchResult(totalHits: 0, results: []), start: 0) == "No executions found.")
    }
}
