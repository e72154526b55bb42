import BatonModel
import Foundation
import Hummingbird
import HummingbirdTesting
import BatonTestSupport
import Testing

@Suite("Workflow API over HTTP")
struct WorkflowAPITests {
    static let definition = """
        {"name": "order", "version": 1, "ownerEmail": "ops@example.com",
         "tasks": [
            {"name": "reserve", "taskReferenceName": "reserve", "inputParameters": {"sku": "${workflow.input.sku}"}},
            {"name": "charge", "taskReferenceName": "charge", "inputParameters": {"hold": "${reserve.output.hold}", "note": "hold ${reserve.output.hold}"}}
         ],
         "outputParameters": {"receipt": "${charge.output.receipt}"}}
        """

    @Test("a workflow runs to completion through poll, update-v2 and update", arguments: StoreKind.allCases)
    func happyPath(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            #expect(try await client.send(.post, "/api/metadata/workflow", json: Self.definition).status == .ok)
            let read = try await client.send(.get, "/api/metadata/workflow/order")
            #expect(try read.decode(WorkflowDef.self).extra["ownerEmail"] == nil)
            #expect(try read.decode([String: JSONValue].self)["ownerEmail"] == "ops@example.com")
            let started = try await client.send(.post, "/api/workflow", json: #"{"name": "order", "input": {"sku": 42}, "correlationId": "o-1"}"#)
            #expect(started.headers[.contentType] == "text/plain")
            let workflowId = started.text

            let polled = try await client.send(.get, "/api/tasks/poll/batch/reserve?workerid=w1&count=5&timeout=500").decode([Task].self)
            #expect(polled.count == 1)
            #expect(polled[0].inputData == ["sku": 42])
            #expect(polled[0].status == .inProgress)

            // update-v2 answers 204 here: the next task is of another type.
            var result = TaskResult(taskId: polled[0].taskId, workflowInstanceId: workflowId, status: .completed, outputData: ["hold": "h-7"])
            #expect(try await client.send(.post, "/api/tasks/update-v2", value: result).status == .noContent)

            let charge = try #require(try await client.send(.get, "/api/tasks/poll/batch/charge?count=1").decode([Task].self).first)
            #expect(charge.inputData == ["hold": "h-7", "note": "hold h-7"])
            result = TaskResult(taskId: charge.taskId, workflowInstanceId: workflowId, status: .completed, outputData: ["receipt": "r-1"])
            let updated = try await client.send(.post, "/api/tasks", value: result)
            #expect(updated.text == charge.taskId)

            let workflow = try await client.send(.get, "/api/workflow/\(workflowId)").decode(Workflow.self)
            #expect(workflow.status == .completed)
            #expect(workflow.output == ["receipt": "r-1"])
            #expect(workflow.tasks.map(\.status) == [.completed, .completed])

            let search = try await client.send(.get, "/api/workflow/search?query=correlationId%3D%27o-1%27%20AND%20status%20IN%20(COMPLETED)")
            #expect(try search.decode(SearchResult<WorkflowSummary>.self).results.map(\.workflowId) == [workflowId])
        }
    }

    @Test("update-v2 hands the worker its next task of the same type", arguments: StoreKind.allCases)
    func updateV2HandsNextTask(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let definition = #"{"name": "single", "tasks": [{"name": "work", "taskReferenceName": "work"}]}"#
            _ = try await client.send(.post, "/api/metadata/workflow", json: definition)
            for _ in 0..<2 { _ = try await client.send(.post, "/api/workflow/single", json: "{}") }
            let first = try #require(try await client.send(.get, "/api/tasks/poll/work?workerid=w").decode(Task?.self))
            let result = TaskResult(taskId: first.taskId, workflowInstanceId: first.workflowInstanceId, status: .completed)
            let next = try await client.send(.post, "/api/tasks/update-v2", value: result).decode(Task.self)
            #expect(next.taskId != first.taskId)
            #expect(next.status == .inProgress)
            #expect(try await client.send(.get, "/api/tasks/poll/work").status == .noContent)
        }
    }

    @Test("a second completion of an attempt is answered and not applied", arguments: StoreKind.allCases)
    func duplicateCompletion(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "one", "tasks": [{"name": "work", "taskReferenceName": "work"}]}"#)
            let workflowId = try await client.send(.post, "/api/workflow/one", json: "{}").text
            let task = try #require(try await client.send(.get, "/api/tasks/poll/batch/work").decode([Task].self).first)
            for output in ["first", "second"] {
                let result = TaskResult(taskId: task.taskId, workflowInstanceId: workflowId, status: .completed, outputData: ["by": .string(output)])
                let answer = try await client.send(.post, "/api/tasks", value: result)
                #expect(answer.status == .ok)
                #expect(answer.text == task.taskId)
            }
            let workflow = try await client.send(.get, "/api/workflow/\(workflowId)").decode(Workflow.self)
            #expect(workflow.tasks.count == 1)
            #expect(workflow.output == ["by": "first"])
        }
    }

    @Test("concurrent pollers never receive the same attempt", arguments: StoreKind.allCases)
    func concurrentPollers(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "one", "tasks": [{"name": "work", "taskReferenceName": "work"}]}"#)
            for _ in 0..<30 { _ = try await client.send(.post, "/api/workflow/one", json: "{}") }
            let received = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        try await client.send(.get, "/api/tasks/poll/batch/work?workerid=w\(worker)&count=10&timeout=200")
                            .decode([Task].self).map(\.taskId)
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(received.count == 30)
            #expect(Set(received).count == 30)
        }
    }

    @Test("bad input answers 4xx naming the problem and changes nothing", arguments: StoreKind.allCases)
    func badInput(kind: StoreKind) async throws {
        try await TestServer.run(kind, maxBodySize: 4096) { client in
            let malformed = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "x", "tasks": ["#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.message?.contains("not valid JSON") == true)

            let wrongType = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "x", "tasks": [{"name": "a", "taskReferenceName": 5}]}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.message?.contains("tasks[0].taskReferenceName") == true)

            let duplicate = try await client.send(
                .post, "/api/metadata/workflow",
                json: #"{"name": "x", "tasks": [{"name": "a", "taskReferenceName": "r"}, {"name": "b", "taskReferenceName": "r"}]}"#)
            #expect(duplicate.status == .badRequest)
            #expect(duplicate.message?.contains("taskReferenceName 'r'") == true)

            let badExpression = try await client.send(
                .post, "/api/metadata/workflow",
                json: #"{"name": "x", "tasks": [{"name": "a", "taskReferenceName": "a", "inputParameters": {"v": "${workflow.input"}}]}"#)
            #expect(badExpression.status == .badRequest)
            #expect(badExpression.message?.contains("inputParameters.v") == true)

            let unknownType = try await client.send(
                .post, "/api/metadata/workflow", json: #"{"name": "x", "tasks": [{"name": "a", "taskReferenceName": "a", "type": "TELEPORT"}]}"#)
            #expect(unknownType.status == .badRequest)
            #expect(unknownType.message?.contains("TELEPORT") == true)

            #expect(try await client.send(.get, "/api/metadata/workflow").decode([WorkflowDef].self).isEmpty)

            let unknown = try await client.send(.post, "/api/workflow", json: #"{"name": "nope"}"#)
            #expect(unknown.status == .notFound)
            #expect(unknown.message?.contains("nope") == true)
            #expect(try await client.send(.get, "/api/workflow/missing").status == .notFound)

            let zeroCount = try await client.send(.get, "/api/tasks/poll/batch/work?count=0")
            #expect(zeroCount.status == .badRequest)
            #expect(zeroCount.message?.contains("count") == true)
            #expect(try await client.send(.get, "/api/tasks/poll/batch/work?timeout=10000").status == .badRequest)

            let big = try await client.send(.post, "/api/metadata/taskdefs", json: "[" + String(repeating: " ", count: 5000) + "]")
            #expect(big.status == .contentTooLarge)

            _ = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "x", "tasks": [{"name": "a", "taskReferenceName": "a"}]}"#)
            let again = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "x", "tasks": [{"name": "a", "taskReferenceName": "a"}]}"#)
            #expect(again.status == .conflict)
            #expect(try await client.send(.put, "/api/workflow/missing/pause", json: "{}").status == .notFound)
        }
    }

    @Test("concurrent starts with one idempotency key make one workflow, for each strategy", arguments: StoreKind.allCases)
    func idempotentStarts(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: #"{"name": "one", "tasks": [{"name": "work", "taskReferenceName": "work"}]}"#)
            for strategy in IdempotencyStrategy.allCases {
                let key = "key-\(strategy.rawValue)"
                var request = StartWorkflowRequest(name: "one", input: [:])
                request.idempotencyKey = key
                request.idempotencyStrategy = strategy
                let start = request
                let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            let answer = try await client.send(.post, "/api/workflow", value: start)
                            return (answer.status, answer.status == .ok ? answer.text : answer.message ?? "")
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let ids = Set(answers.filter { $0.0 == .ok }.map(\.1))
                #expect(ids.count == 1, "\(strategy)")
                if strategy == .returnExisting {
                    #expect(answers.allSatisfy { $0.0 == .ok }, "\(strategy)")
                } else {
                    #expect(answers.filter { $0.0 == .conflict }.count == 7, "\(strategy)")
                    #expect(answers.filter { $0.0 == .conflict }.allSatisfy { $0.1.contains(key) }, "\(strategy)")
                }
                let search = try await client.send(.get, "/api/workflow/search?query=workflowType%3Done&size=100")
                    .decode(SearchResult<WorkflowSummary>.self)
                #expect(search.results.filter { ids.contains($0.workflowId) }.count == 1)
                if strategy == .failOnRunning, let id = ids.first {
                    _ = try await client.send(.delete, "/api/workflow/\(id)?reason=done")
                    let again = try await client.send(.post, "/api/workflow", value: request)
                    #expect(again.status == .ok)
                    #expect(again.text != id)
                }
            }
            #expect(try await client.send(.get, "/api/workflow/search?size=100").decode(SearchResult<WorkflowSummary>.self).totalHits == 4)
        }
    }
}
