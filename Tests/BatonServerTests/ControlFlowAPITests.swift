import BatonModel
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The control-flow cases of Conductor's test harness, in definitions of our own, run end to end:
/// workers complete tasks over HTTP and the assertions read what a client reads.
@Suite("Control flow over HTTP: fork/join, optional, do-while, terminate, dynamic fork")
struct ControlFlowAPITests {
    /// Registers `definition` and starts it with `input`, answering the workflow's id.
    static func start(_ client: some TestClientProtocol, _ definition: String, input: String = "{}") async throws -> String {
        let registered = try await client.send(.post, "/api/metadata/workflow", json: definition)
        #expect(registered.status == .ok, "\(registered.text)")
        let name = try JSONDecoder().decode(WorkflowDef.self, from: Data(definition.utf8)).name
        return try await client.send(.post, "/api/workflow/\(name)", json: input).text
    }

    @Test("FORK_JOIN runs its branches in parallel and the JOIN's output holds each joined task's by reference", arguments: StoreKind.allCases)
    func forkJoin(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let id = try await Self.start(client, #"""
                {"name": "fanout", "tasks": [
                  {"name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN", "forkTasks": [
                    [{"name": "pack", "taskReferenceName": "pack"}],
                    [{"name": "bill", "taskReferenceName": "bill"}, {"name": "mail", "taskReferenceName": "mail"}]]},
                  {"name": "join", "taskReferenceName": "join", "type": "JOIN", "joinOn": ["pack", "mail"]},
                  {"name": "ship", "taskReferenceName": "ship", "inputParameters": {"box": "${join.output.pack.box}", "sent": "${join.output.mail.sent}"}}]}
                """#)
            var workflow = try await client.workflow(id)
            #expect(workflow.tasks.map(\.referenceTaskName) == ["fork", "pack", "bill", "join"])
            #expect(workflow.tasks.map(\.status) == [.completed, .scheduled, .scheduled, .inProgress])

            try await client.work("bill", output: ["invoice": "i-1"])
            try await client.work("pack", output: ["box": "B-1"])
            workflow = try await client.workflow(id)
            #expect(workflow.tasks.first { $0.referenceTaskName == "join" }?.status == .inProgress)
            #expect(workflow.tasks.last?.referenceTaskName == "mail")

            try await client.work("mail", output: ["sent": true])
            workflow = try await client.workflow(id)
            let join = try #require(workflow.tasks.first { $0.referenceTaskName == "join" })
            #expect(join.status == .completed)
            #expect(join.outputData == ["pack": ["box": "B-1"], "mail": ["sent": true]])
            #expect(workflow.tasks.last?.referenceTaskName == "ship")
            #expect(workflow.tasks.last?.inputData == ["box": "B-1", "sent": true])
            try await client.work("ship")
            #expect(try await client.workflow(id).status == .completed)
        }
    }

    @Test("an optional task that fails ends COMPLETED_WITH_ERRORS and the workflow goes on to complete", arguments: StoreKind.allCases)
    func optionalTask(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            #expect(try await client.send(.post, "/api/metadata/taskdefs", json: #"[{"name": "notify", "retryCount": 0}]"#).status == .ok)
            let id = try await Self.start(client, #"""
                {"name": "notify_then_ship", "tasks": [
                  {"name": "notify", "taskReferenceName": "notify", "optional": true},
                  {"name": "ship", "taskReferenceName": "ship"}]}
                """#)
            try await client.work("notify", .failed)
            var workflow = try await client.workflow(id)
            #expect(workflow.status == .running)
            #expect(workflow.tasks.map(\.status) == [.completedWithErrors, .scheduled])
            try await client.work("ship")
            workflow = try await client.workflow(id)
            #expect(workflow.status == .completed)
            #expect(workflow.tasks.map(\.status) == [.completedWithErrors, .completed])
        }
    }

    @Test("DO_WHILE runs ref__N iterations while its JavaScript condition holds, its output by iteration", arguments: StoreKind.allCases)
    func doWhile(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let id = try await Self.start(client, #"""
                {"name": "batches", "tasks": [
                  {"name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE", "inputParameters": {"batches": "${workflow.input.batches}"},
                   "loopCondition": "$.loop.iteration < $.batches",
                   "loopOver": [{"name": "batch", "taskReferenceName": "batch", "inputParameters": {"previous": "${batch.output.n}"}}]}],
                 "outputParameters": {"iterations": "${loop.output.iteration}", "second": "${loop.output.2.batch.n}"}}
                """#, input: #"{"batches": 3}"#)
            for round in 1...3 {
                let batch = try #require(try await client.send(.get, "/api/tasks/poll/batch/batch?count=1&timeout=2000").decode([Task].self).first)
                #expect(batch.referenceTaskName == "batch__\(round)")
                #expect(batch.iteration == round)
                #expect(batch.inputData["previous"] == (round == 1 ? .null : .int(Int64(round - 1))))
                let result = TaskResult(taskId: batch.taskId, workflowInstanceId: id, status: .completed, outputData: ["n": .int(Int64(round))])
                #expect(try await client.send(.post, "/api/tasks", value: result).status == .ok)
            }
            let workflow = try await client.workflow(id)
            #expect(workflow.status == .completed)
            #expect(workflow.tasks.map(\.referenceTaskName) == ["loop", "batch__1", "batch__2", "batch__3"])
            #expect(workflow.output == ["iterations": 3, "second": 2])
        }
    }

    @Test("a DO_WHILE inside a DO_WHILE runs its whole loop in each outer iteration", arguments: StoreKind.allCases)
    func nestedDoWhile(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let id = try await Self.start(client, #"""
                {"name": "grid", "tasks": [
                  {"name": "rows", "taskReferenceName": "rows", "type": "DO_WHILE", "loopCondition": "$.rows.iteration < 2",
                   "loopOver": [
                     {"name": "cells", "taskReferenceName": "cells", "type": "DO_WHILE", "loopCondition": "$.cells.iteration < 3",
                      "loopOver": [{"name": "cell", "taskReferenceName": "cell"}]}]}],
                 "outputParameters": {"rows": "${rows.output}"}}
                """#)
            var seen: [String] = []
            while let cell = try await client.send(.get, "/api/tasks/poll/batch/cell?count=1&timeout=1000").decode([Task].self).first {
                seen.append(cell.referenceTaskName)
                let result = TaskResult(taskId: cell.taskId, workflowInstanceId: id, status: .completed, outputData: ["at": .string(cell.referenceTaskName)])
                #expect(try await client.send(.post, "/api/tasks", value: result).status == .ok)
            }
            #expect(seen == ["cell__1__1", "cell__1__2", "cell__1__3", "cell__2__1", "cell__2__2", "cell__2__3"])
            let workflow = try await client.workflow(id)
            #expect(workflow.status == .completed)
            #expect(workflow.tasks.filter { $0.taskType == "DO_WHILE" }.map(\.referenceTaskName) == ["rows", "cells__1", "cells__2"])
            let rows = try #require(workflow.output["rows"]?.objectValue)
            #expect(rows["iteration"] == 2)
            #expect(rows["2"]?.objectValue?["cells"]?.objectValue?["3"] == ["cell": ["at": "cell__2__3"]])
        }
    }

    @Test("TERMINATE with FAILED fails the workflow with its reason and output and starts the failureWorkflow", arguments: StoreKind.allCases)
    func terminateStartsFailureWorkflow(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let check = #"{"name": "check", "taskReferenceName": "check", "type": "LAMBDA", "inputParameters": {"input": "${workflow.input}", "scriptExpression": "if ($.input.a == 1) { return {flagged: true} } return {flagged: false}"}}"#
            #expect(try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "on_early_exit", "tasks": [\#(check)]}"#).status == .ok)
            let id = try await Self.start(client, #"""
                {"name": "early_exit", "failureWorkflow": "on_early_exit", "tasks": [
                  \#(check),
                  {"name": "stop", "taskReferenceName": "stop", "type": "TERMINATE",
                   "inputParameters": {"terminationStatus": "FAILED", "terminationReason": "flagged at intake", "workflowOutput": "${check.output}"}},
                  {"name": "never", "taskReferenceName": "never"}]}
                """#, input: #"{"a": 1}"#)
            let workflow = try await client.workflow(id)
            #expect(workflow.status == .failed)
            #expect(workflow.reasonForIncompletion == "flagged at intake")
            #expect(workflow.tasks.map(\.taskType) == ["LAMBDA", "TERMINATE"])
            #expect(workflow.tasks.map(\.status) == [.completed, .completed])
            #expect(workflow.output["result"] == ["flagged": true])
            let failureId = try #require(workflow.output["conductor.failure_workflow"]?.stringValue)
            let failure = try await client.workflow(failureId)
            #expect(failure.workflowName == "on_early_exit")
            #expect(failure.status == .completed)
            #expect(failure.input["workflowId"] == .string(id))
            #expect(failure.tasks.map(\.taskType) == ["LAMBDA"])
            #expect(try await client.send(.get, "/api/tasks/poll/never").status == .noContent)
        }
    }

    @Test("FORK_JOIN_DYNAMIC forks the tasks a previous step lists, and the JOIN waits for them all", arguments: StoreKind.allCases)
    func dynamicForkWithTaskList(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let id = try await Self.start(client, #"""
                {"name": "dynamic_list", "tasks": [
                  {"name": "plan", "taskReferenceName": "plan"},
                  {"name": "fan", "taskReferenceName": "fan", "type": "FORK_JOIN_DYNAMIC",
                   "inputParameters": {"tasks": "${plan.output.tasks}", "inputs": "${plan.output.inputs}"},
                   "dynamicForkTasksParam": "tasks", "dynamicForkTasksInputParamName": "inputs"},
                  {"name": "join", "taskReferenceName": "join", "type": "JOIN"}]}
                """#)
            try await client.work("plan", output: [
                "tasks": [["name": "resize", "taskReferenceName": "small"], ["name": "resize", "taskReferenceName": "large"]],
                "inputs": ["small": ["width": 100], "large": ["width": 900]],
            ])
            var widths: [JSONValue] = []
            for _ in 0..<2 {
                let task = try #require(try await client.send(.get, "/api/tasks/poll/batch/resize?count=1&timeout=2000").decode([Task].self).first)
                widths.append(task.inputData["width"] ?? .null)
                #expect(try await client.workflow(id).status == .running)
                let result = TaskResult(taskId: task.taskId, workflowInstanceId: id, status: .completed, outputData: ["done": task.inputData["width"] ?? .null])
                #expect(try await client.send(.post, "/api/tasks", value: result).status == .ok)
            }
            #expect(Set(widths) == [100, 900])
            let workflow = try await client.workflow(id)
            #expect(workflow.status == .completed)
            #expect(workflow.tasks.map(\.referenceTaskName) == ["plan", "fan", "small", "large", "join"])
            #expect(workflow.tasks.last?.outputData == ["small": ["done": 100], "large": ["done": 900]])
        }
    }

    @Test("FORK_JOIN_DYNAMIC with forkTaskName forks one task per input element", arguments: StoreKind.allCases)
    func dynamicForkWithTaskName(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let id = try await Self.start(client, #"""
                {"name": "dynamic_name", "tasks": [
                  {"name": "fan", "taskReferenceName": "fan", "type": "FORK_JOIN_DYNAMIC",
                   "inputParameters": {"forkTaskName": "notify", "forkTaskInputs": "${workflow.input.recipients}"}},
                  {"name": "join", "taskReferenceName": "join", "type": "JOIN"}]}
                """#, input: #"{"recipients": [{"to": "ann"}, {"to": "bob"}, {"to": "cy"}]}"#)
            let tasks = try await client.send(.get, "/api/tasks/poll/batch/notify?count=3&timeout=2000").decode([Task].self)
            #expect(Set(tasks.map(\.referenceTaskName)) == ["_notify_0", "_notify_1", "_notify_2"])
            #expect(Set(tasks.compactMap { $0.inputData["to"]?.stringValue }) == ["ann", "bob", "cy"])
            for task in tasks {
                let result = TaskResult(taskId: task.taskId, workflowInstanceId: id, status: .completed, outputData: ["sent": task.inputData["to"] ?? .null])
                #expect(try await client.send(.post, "/api/tasks", value: result).status == .ok)
            }
            let workflow = try await client.workflow(id)
            #expect(workflow.status == .completed)
            #expect(workflow.tasks.last?.outputData == ["_notify_0": ["sent": "ann"], "_notify_1": ["sent": "bob"], "_notify_2": ["sent": "cy"]])
        }
    }
}
