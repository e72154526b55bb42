import BatonModel
import Foundation
import Testing

@testable import BatonClient

@Suite("client: endpoints and wire types")
struct ClientTests {
    @Test func baseURLDropsTrailingSlashAndAPI() {
        #expect(Client(baseURL: "http://h:8080/").baseURL == "http://h:8080")
        #expect(Client(baseURL: "http://h:8080/api/").baseURL == "http://h:8080")
        #expect(Client(baseURL: "http://h:8080").baseURL == "http://h:8080")
    }

    @Test func pathSegmentsAndQueryValuesAreEscaped() {
        #expect(escape("a b/c?d&e=é") == "a%20b%2Fc%3Fd%26e%3D%C3%A9")
        #expect(escape("Az09-._~") == "Az09-._~")
        #expect(Endpoint.workflowDef(name: "my flow", version: nil).path == "/api/metadata/workflow/my%20flow")
    }

    @Test func searchQueryLeavesOutWhatIsNotGiven() {
        let endpoint = Endpoint.search(query: "status IN (FAILED)", freeText: nil, start: nil, size: 5)
        #expect(endpoint.path == "/api/workflow/search")
        let given = endpoint.query.compactMap { item in item.value.map { "\(item.name)=\($0)" } }
        #expect(given == ["size=5", "query=status IN (FAILED)"])
    }

    @Test func updateV2ReadsNoContentAsNil() throws {
        let endpoint = Endpoint.updateTaskV2(TaskResult(taskId: "t", status: .completed))
        #expect(try endpoint.read(Response(status: 204, body: [])) == nil)
        #expect(try endpoint.read(Response(status: 200, body: Array("{}".utf8))) == nil)
        #expect(try endpoint.read(Response(status: 200, body: Array("null".utf8))) == nil)
    }

    @Test func textAnswersAreTrimmed() throws {
        let endpoint = Endpoint.startWorkflow(StartWorkflowRequest(name: "w"))
        #expect(try endpoint.read(Response(status: 200, body: Array("wf-1\n".utf8))) == "wf-1")
    }

    @Test func undecodableAnswerIsAnInvalidResponse() {
        let endpoint = Endpoint.workflow(id: "x", includeTasks: true)
        #expect(throws: ClientError.invalidResponse(status: 200, message: "cannot read Workflow: not valid JSON")) {
            try endpoint.read(Response(status: 200, body: Array("<html>".utf8)))
        }
    }

    @Test func searchResultOfSummaries() throws {
        let json = """
            {"totalHits": 1, "results": [{"workflowType": "order_flow", "version": 1, "workflowId": "wf-1",
              "correlationId": "o-1", "startTime": "2023-11-14T22:13:20.000Z", "status": "FAILED",
              "input": "{a=1}", "reasonForIncompletion": "boom", "executionTime": 5,
              "failedReferenceTaskNames": "charge", "priority": 0, "inputSize": 5, "failedTaskNames": ["charge"]}]}
            """
        let result = try JSONDecoder().decode(SearchResult<WorkflowSummary>.self, from: Data(json.utf8))
        #expect(result.totalHits == 1)
        #expect(result.results[0].status == .failed)
        #expect(result.results[0].failedReferenceTaskNames == "charge")
        #expect(result.results[0].endTime == nil)
        let sparse = try JSONDecoder().decode(
            WorkflowSummary.self, from: Data(#"{"workflowType":"w","workflowId":"i","status":"RUNNING"}"#.utf8))
        #expect(sparse.version == 0 && sparse.executionTime == 0 && sparse.failedReferenceTaskNames == "")
    }

    @Test func errorTexts() {
        let error = ClientError.server(status: 404, message: "No such workflow found by id: x")
        #expect(error.description == "No such workflow found by id: x (HTTP 404)")
        #expect(error.status == 404)
        #expect(ClientError.transport("cannot reach h").status == nil)
    }
}
