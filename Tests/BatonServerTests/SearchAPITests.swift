import BatonModel
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Search API over HTTP")
struct SearchAPITests {
    static let definition = """
        {"name": "order", "version": 1,
         "tasks": [
            {"name": "reserve", "taskReferenceName": "reserve", "inputParameters": {"sku": "${workflow.input.sku}"}},
            {"name": "charge", "taskReferenceName": "charge"}
         ]}
        """

    /// `text` as one query parameter value.
    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Starts orders o-0, o-1 and o-2 (skus SKU-0...) and completes o-0's reserve with a hold.
    static func orders(_ client: any TestClientProtocol) async throws -> [String] {
        #expect(try await client.send(.post, "/api/metadata/workflow", json: definition).status == .ok)
        var ids: [String] = []
        for index in 0..<3 {
            let started = try await client.send(
                .post, "/api/workflow", json: #"{"name": "order", "correlationId": "o-\#(index)", "input": {"sku": "SKU-\#(index)"}}"#)
            ids.append(started.text)
        }
        let polled = try await client.send(.get, "/api/tasks/poll/batch/reserve?workerid=w1&count=1&timeout=500").decode([Task].self)
        let reserve = try #require(polled.first)
        let result = TaskResult(taskId: reserve.taskId, workflowInstanceId: reserve.workflowInstanceId, status: .completed, outputData: ["hold": "H-42"])
        #expect(try await client.send(.post, "/api/tasks", value: result).status == .ok)
        return ids
    }

    @Test("task search answers summaries, search-v2 whole tasks; query, freeText, sort and paging", arguments: StoreKind.allCases)
    func taskSearch(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await Self.orders(client)
            let query = Self.encoded("taskType = reserve AND status IN (SCHEDULED)")
            let scheduled = try await client.send(.get, "/api/tasks/search?query=\(query)&sort=scheduledTime:ASC")
            #expect(scheduled.status == .ok)
            let summaries = try scheduled.decode(SearchResult<TaskSummary>.self)
            #expect(summaries.totalHits == 2)
            #expect(summaries.results.map(\.status) == [.scheduled, .scheduled])
            #expect(summaries.results.allSatisfy { $0.workflowType == "order" && $0.taskDefName == "reserve" && $0.startTime == nil })
            let body = try scheduled.decode([String: JSONValue].self)
            #expect(body["results"]?.arrayValue?.first?["input"]?.stringValue?.contains("SKU-") == true)

            let held = try await client.send(.get, "/api/tasks/search-v2?freeText=h-42").decode(SearchResult<Task>.self)
            #expect(held.totalHits == 1)
            #expect(held.results.map(\.outputData) == [["hold": "H-42"]])
            #expect(held.results[0].inputData["sku"] != nil)

            let either = Self.encoded("(taskType = charge OR status = COMPLETED) AND workflowType = order")
            let ended = try await client.send(.get, "/api/tasks/search?query=\(either)&sort=taskType:DESC")
                .decode(SearchResult<TaskSummary>.self)
            #expect(ended.results.map(\.taskType) == ["reserve", "charge"])
            #expect(ended.results[0].correlationId == ended.results[1].correlationId)
            #expect(ended.results[0].executionTime >= 0 && ended.results[0].endTime != nil)

            let page = try await client.send(.get, "/api/tasks/search?query=taskType%3Dreserve&sort=taskType&sort=scheduledTime:DESC&start=2&size=1")
                .decode(SearchResult<TaskSummary>.self)
            #expect(page.totalHits == 3)
            #expect(page.results.map(\.correlationId) == ["o-0"])
        }
    }

    @Test("workflow search takes OR and parentheses; search-v2 answers workflows", arguments: StoreKind.allCases)
    func workflowSearch(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            let ids = try await Self.orders(client)
            let query = Self.encoded("workflowType = order AND (correlationId = 'o-0' OR correlationId = \"o-2\")")
            let found = try await client.send(.get, "/api/workflow/search?query=\(query)&sort=startTime:ASC")
                .decode(SearchResult<WorkflowSummary>.self)
            #expect(found.results.map(\.workflowId) == [ids[0], ids[2]])
            let v2 = try await client.send(.get, "/api/workflow/search-v2?query=\(query)&freeText=sku-2").decode(SearchResult<Workflow>.self)
            #expect(v2.results.map(\.workflowId) == [ids[2]])
            #expect(v2.results[0].input == ["sku": "SKU-2"])
        }
    }

    @Test("a malformed query or sort answers 400 naming the bad token, on both searches", arguments: StoreKind.allCases)
    func malformed(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await Self.orders(client)
            let cases: [(String, String)] = [
                ("/api/workflow/search?query=\(Self.encoded("workflowType = a ANDD status = RUNNING"))",
                 "invalid query: unexpected 'ANDD' at 18; expected AND, OR or the end of the query"),
                ("/api/workflow/search-v2?query=\(Self.encoded("correlationId = 'o-1"))", "invalid query: unterminated quote at 17"),
                ("/api/tasks/search?query=\(Self.encoded("foo = 1"))", "invalid query: unknown field 'foo' at 1; fields: taskId, taskType, taskDefName, taskRefName, status, workflowId, workflowType, correlationId, domain, scheduledTime, startTime, endTime, updateTime"),
                ("/api/tasks/search-v2?query=\(Self.encoded("status = RUNNING"))",
                 "invalid query: unknown status 'RUNNING' at 10; statuses: IN_PROGRESS, CANCELED, FAILED, FAILED_WITH_TERMINAL_ERROR, COMPLETED, COMPLETED_WITH_ERRORS, SCHEDULED, TIMED_OUT, SKIPPED"),
                ("/api/tasks/search?sort=\(Self.encoded("startTime:SIDEWAYS"))", "invalid sort: sort 'startTime:SIDEWAYS': the direction must be ASC or DESC"),
            ]
            for (uri, message) in cases {
                let response = try await client.send(.get, uri)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.message == message)
            }
            #expect(try await client.send(.get, "/api/workflow/search").decode(SearchResult<WorkflowSummary>.self).totalHits == 3)
        }
    }
}
