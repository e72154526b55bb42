import AsyncHTTPClient
import BatonModel
import Foundation
import NIOCore

/// A typed client of Baton's Conductor-compatible HTTP API.
///
/// ```swift
/// let client = Client(baseURL: "http://127.0.0.1:8080")
/// let id = try await client.startWorkflow(StartWorkflowRequest(name: "order_flow", input: ["orderId": "42"]))
/// let workflow = try await client.workflow(id: id)
/// ```
///
/// Every method throws ``ClientError``: the server's status and message, or a transport failure.
public struct Client: Sendable {
    /// The server's root, such as `http://127.0.0.1:8080`; the API lives under `/api`.
    public let baseURL: String
    /// The HTTP client the calls go through.
    public let httpClient: HTTPClient
    /// How long one call may take, answer included.
    public var timeout: Duration
    /// The largest answer accepted.
    public var maxResponseBytes: Int = 64 << 20

    /// A client of the server at `baseURL`.
    ///
    /// - Parameters:
    ///   - baseURL: The server's root (`http://host:port`). A trailing `/` or `/api`, as in Conductor SDK
    ///     settings, is dropped.
    ///   - httpClient: The HTTP client to use; `HTTPClient.shared` by default. That client retries a refused
    ///     connection until its connect timeout (10 s); a tool that should fail at once when the server is down
    ///     passes a client configured with `connectionPool.retryConnectionEstablishment = false`, as the CLI does.
    ///   - timeout: How long one call may take; long polls add their own wait to it.
    public init(baseURL: String, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(30)) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/api") { base.removeLast(4) }
        self.baseURL = base
        self.httpClient = httpClient
        self.timeout = timeout
    }

    // MARK: Metadata

    /// Creates or replaces task definitions (`POST /api/metadata/taskdefs`).
    public func registerTaskDefs(_ defs: [TaskDef]) async throws(ClientError) {
        try await call(.registerTaskDefs(defs))
    }

    /// Registers a workflow definition (`POST /api/metadata/workflow`).
    ///
    /// Without `overwrite`, a definition with the same name and version already registered is a 409.
    public func registerWorkflowDef(_ def: WorkflowDef, overwrite: Bool = false) async throws(ClientError) {
        try await call(.registerWorkflowDef(def, overwrite: overwrite))
    }

    /// A registered workflow definition (`GET /api/metadata/workflow/{name}`); the latest version when `version` is `nil`.
    public func workflowDef(name: String, version: Int? = nil) async throws(ClientError) -> WorkflowDef {
        try await call(.workflowDef(name: name, version: version))
    }

    // MARK: Workflows

    /// Starts an execution (`POST /api/workflow`) and returns its id.
    public func startWorkflow(_ request: StartWorkflowRequest) async throws(ClientError) -> String {
        try await call(.startWorkflow(request))
    }

    /// An execution (`GET /api/workflow/{id}`), with its tasks unless `includeTasks` is false.
    public func workflow(id: String, includeTasks: Bool = true) async throws(ClientError) -> Workflow {
        try await call(.workflow(id: id, includeTasks: includeTasks))
    }

    /// One page of the executions that match (`GET /api/workflow/search`).
    ///
    /// - Parameters:
    ///   - query: Conductor's query, such as `workflowType IN (order_flow) AND status IN (FAILED)`.
    ///   - freeText: Text to look for in the executions; `*` (the server's default) matches all.
    ///   - start: The index of the first result (the server's default is 0).
    ///   - size: The page size (the server's default is 100).
    public func search(
        query: String? = nil, freeText: String? = nil, start: Int? = nil, size: Int? = nil
    ) async throws(ClientError) -> SearchResult<WorkflowSummary> {
        try await call(.search(query: query, freeText: freeText, start: start, size: size))
    }

    /// Terminates an execution (`DELETE /api/workflow/{id}`), recording `reason`.
    public func terminate(id: String, reason: String? = nil) async throws(ClientError) {
        try await call(.terminate(id: id, reason: reason))
    }

    /// Pauses a running execution (`PUT /api/workflow/{id}/pause`).
    public func pause(id: String) async throws(ClientError) {
        try await call(.pause(id: id))
    }

    /// Resumes a paused execution (`PUT /api/workflow/{id}/resume`).
    public func resume(id: String) async throws(ClientError) {
        try await call(.resume(id: id))
    }

    /// Retries the failed tasks of an ended execution (`POST /api/workflow/{id}/retry`).
    public func retry(id: String) async throws(ClientError) {
        try await call(.retry(id: id))
    }

    /// Restarts an ended execution from its first task (`POST /api/workflow/{id}/restart`).
    public func restart(id: String) async throws(ClientError) {
        try await call(.restart(id: id))
    }

    // MARK: Tasks

    /// Takes up to `count` scheduled tasks of a type (`GET /api/tasks/poll/batch/{taskType}`),
    /// waiting up to `timeoutMillis` for the first one; an empty array when none came.
    public func pollBatch(
        taskType: String, workerId: String? = nil, count: Int = 1, timeoutMillis: Int = 100
    ) async throws(ClientError) -> [Task] {
        try await call(.pollBatch(taskType: taskType, workerId: workerId, count: count, timeoutMillis: timeoutMillis))
    }

    /// Reports on a task attempt (`POST /api/tasks`) and returns the task id.
    public func updateTask(_ result: TaskResult) async throws(ClientError) -> String {
        try await call(.updateTask(result))
    }

    /// Reports on a task attempt (`POST /api/tasks/update-v2`) and returns the worker's next task
    /// of the same type, or `nil` when there is none.
    public func updateTaskV2(_ result: TaskResult) async throws(ClientError) -> Task? {
        try await call(.updateTaskV2(result))
    }

    // MARK: Any endpoint

    /// Calls an endpoint and reads its answer as the endpoint's typed result.
    public func call<Output>(_ endpoint: Endpoint<Output>) async throws(ClientError) -> Output {
        try endpoint.read(await response(for: endpoint))
    }

    /// Calls an endpoint and returns the server's successful answer as it came.
    ///
    /// An error status becomes ``ClientError/server(status:message:)`` with the `message` of the
    /// server's `{status, message}` body.
    public func response<Output>(for endpoint: Endpoint<Output>) async throws(ClientError) -> Response {
        var url = baseURL + endpoint.path
        let query = endpoint.query.compactMap { item in item.value.map { "\(escape(item.name))=\(escape($0))" } }
        if !query.isEmpty { url += "?" + query.joined(separator: "&") }

        var request = HTTPClientRequest(url: url)
        switch endpoint.method {
        case .get: request.method = .GET
        case .post: request.method = .POST
        case .put: request.method = .PUT
        case .delete: request.method = .DELETE
        }
        request.headers.add(name: "Accept", value: "application/json, text/plain")
        if let body = endpoint.body {
            let data: Data
            do {
                data = try JSONEncoder().encode(body)
            } catch {
                throw .invalidRequest("cannot encode the body as JSON: \(oneLine(String(describing: error)))")
            }
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        }

        let status: Int
        let bytes: [UInt8]
        do {
            let answer = try await httpClient.execute(request, timeout: Self.timeAmount(timeout))
            status = Int(answer.status.code)
            let buffer = try await answer.body.collect(upTo: maxResponseBytes)
            bytes = Array(buffer.readableBytesView)
        } catch {
            throw .transport(describe(transportError: error, url: url))
        }

        let response = Response(status: status, body: bytes)
        guard (200..<300).contains(status) else {
            throw .server(status: status, message: Self.errorMessage(of: response))
        }
        return response
    }

    // MARK: Helpers

    /// The `message` of Conductor's error body, else the body's text, else the status.
    private static func errorMessage(of response: Response) -> String {
        struct ErrorBody: Decodable { var message: String? }
        if let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body)),
           let message = body.message, !message.isEmpty {
            return oneLine(message)
        }
        let text = oneLine(response.text)
        if !text.isEmpty && text.count <= 300 && !text.hasPrefix("<") { return text }
        return "the server answered HTTP \(response.status)"
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// One line saying why `url` gave no answer.
    private func describe(transportError error: any Error, url: String) -> String {
        let text = oneLine(String(describing: error))
        let reason: String
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout: reason = "connection timed out"
            case .deadlineExceeded, .readTimeout, .writeTimeout: reason = "no answer within \(timeout)"
            case .remoteConnectionClosed: reason = "the server closed the connection"
            case .invalidURL, .emptyHost, .emptyScheme: reason = "invalid server URL"
            default: reason = text.contains("unsupportedScheme") ? "invalid server URL (use http:// or https://)" : text
            }
        } else if error is NIOTooManyBytesError {
            reason = "the answer is larger than \(maxResponseBytes) bytes"
        } else if text.localizedCaseInsensitiveContains("connection refused") {
            reason = "connection refused"
        } else if text.localizedCaseInsensitiveContains("nodename nor servname")
            || text.localizedCaseInsensitiveContains("name or service not known")
            || text.localizedCaseInsensitiveContains("no address")
        {
            reason = "unknown host"
        } else {
            reason = text
        }
        return "cannot reach \(baseURL): \(reason)"
    }
}
