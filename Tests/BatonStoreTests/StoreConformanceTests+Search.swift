import BatonCore
import BatonModel
import BatonStore
import BatonTestSupport
import Foundation
import Testing

extension StoreConformanceTests {
    @Test("search grammar over executions: OR, parentheses, ranges, != and sorting missing values", arguments: StoreKind.allCases)
    func searchGrammar(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            for (index, (name, correlationId)) in [("order", "o-0"), ("order", "o-1"), ("order", "o-2"), ("refund", "o-3"), ("refund", nil)].enumerated() {
                let (_, commit) = try Fixtures.started(Fixtures.definition(name), correlationId: correlationId, now: 1_000 + index)
                _ = try await store.commit([commit])
            }
            func correlationIds(_ text: String, sort: String = "startTime:ASC") async throws -> [String?] {
                let query = ExecutionQuery(
                    try SearchQueryParser.parse(text), sort: try SearchQueryParser.sortKeys(sort))
                return try await store.search(query).results.map(\.correlationId)
            }
            #expect(try await correlationIds("workflowType = refund OR (workflowType = order AND startTime >= 1001)") == ["o-1", "o-2", "o-3", nil])
            #expect(try await correlationIds("(workflowType = refund OR workflowType = order) AND startTime < 1001") == ["o-0"])
            #expect(try await correlationIds("startTime <= 1002 AND startTime > 1000 AND version = 1") == ["o-1", "o-2"])
            #expect(try await correlationIds("correlationId != o-1 AND status IN (RUNNING, PAUSED)") == ["o-0", "o-2", "o-3", nil])
            #expect(try await correlationIds("workflowType != order") == ["o-3", nil])
            #expect(try await correlationIds("", sort: "correlationId:ASC") == [nil, "o-0", "o-1", "o-2", "o-3"])
            #expect(try await correlationIds("", sort: "workflowType:DESC,correlationId:DESC") == ["o-3", nil, "o-2", "o-1", "o-0"])
            #expect(try await store.search(ExecutionQuery(try SearchQueryParser.parse("status = COMPLETED OR version > 1"))).totalHits == 0)
        }
    }

    @Test("task search: by type, status and reference name, free text over input and output, sorted and paged", arguments: StoreKind.allCases)
    func taskSearch(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            var executions: [StoredExecution] = []
            for (index, correlationId) in ["o-0", "o-1", "o-2"].enumerated() {
                let (decision, commit) = try Fixtures.started(correlationId: correlationId, now: 1_000 + index)
                _ = try await store.commit([commit])
                executions.append(StoredExecution(workflow: decision.workflow, revision: 1))
            }
            // o-0's reserve completes with a hold; o-1's is in progress; o-2's waits.
            for (position, stored) in executions.prefix(2).enumerated() {
                let taskId = stored.workflow.tasks[0].taskId
                let (polled, poll) = try Fixtures.next(stored, .taskPolled(taskId: taskId, workerId: "w"), now: 2_000 + position)
                _ = try await store.commit([poll])
                guard position == 0 else { continue }
                let result = TaskResult(taskId: taskId, workflowInstanceId: stored.workflow.workflowId, status: .completed, outputData: ["hold": "H-42"])
                _ = try await store.commit([try Fixtures.next(StoredExecution(workflow: polled.workflow, revision: 2), .taskUpdated(result), now: 3_000).1])
            }
            func search(_ text: String, freeText: String? = nil, sort: String = "scheduledTime:ASC", offset: Int = 0, limit: Int = 100) async throws -> SearchResult<Task> {
                try await store.searchTasks(TaskQuery(
                    try SearchQueryParser.parse(text), freeText: freeText, sort: try SearchQueryParser.sortKeys(sort), offset: offset,
                    limit: limit))
            }
            let all = try await search("")
            #expect(all.totalHits == 4)
            #expect(all.results.map(\.referenceTaskName) == ["reserve_ref", "reserve_ref", "reserve_ref", "charge_ref"])
            let inProgress = try await search("taskType = reserve AND status = IN_PROGRESS")
            #expect(inProgress.results.map(\.correlationId) == ["o-1"])
            #expect(inProgress.results[0] == (try await store.execution(id: executions[1].workflow.workflowId))?.workflow.tasks[0])
            #expect(try await search("status IN (COMPLETED, SCHEDULED) AND taskRefName = reserve_ref").results.map(\.correlationId) == ["o-0", "o-2"])
            #expect(try await search("taskType = charge OR (workflowType = order AND startTime >= 2001)").results.map(\.taskType) == ["reserve", "charge"])
            #expect(try await search("correlationId = o-0", sort: "taskType:ASC").results.map(\.status) == [.scheduled, .completed])
            #expect(try await search("", freeText: "h-42").results.map(\.taskType) == ["reserve"])
            #expect(try await search("", freeText: "reserve").totalHits == 0)  // names are not input or output
            let page = try await search("taskType = reserve", sort: "startTime:DESC", offset: 1, limit: 1)
            #expect(page.totalHits == 3)
            #expect(page.results.map(\.correlationId) == ["o-0"])

            _ = try await store.removeExecution(id: executions[0].workflow.workflowId)
            #expect(try await search("").results.map(\.correlationId) == ["o-1", "o-2"])
        }
    }
}
