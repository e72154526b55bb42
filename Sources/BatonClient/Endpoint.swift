import BatonModel
import Foundation

/// One call of Baton's Conductor-compatible API: what to send and how to read the answer.
///
/// ``Client`` has a method per endpoint; the endpoints themselves are public so that a caller
/// can also get the server's raw answer (``Client/response(for:)``), as `baton ... --json` does,
/// and read it later with ``read(_:)``.
public struct Endpoint<Output: Sendable>: Sendable {
    /// The HTTP methods the API uses.
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", put = "PUT", delete = "DELETE"
    }

    public var method: Method
    /// The path under the server's base URL, starting with `/api/`, segments already escaped.
    public var path: String
    /// Query parameters, in order; `nil` values are left out.
    public var query: [(name: String, value: String?)]
    /// The JSON body, if any.
    public var body: (any Encodable & Sendable)?
    private let reader: @Sendable (Response) throws(ClientError) -> Output

    init(
        _ method: Method, _ path: String, query: [(name: String, value: String?)] = [],
        body: (any Encodable & Sendable)? = nil,
        read: @escaping @Sendable (Response) throws(ClientError) -> Output
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.reader = read
    }

    /// Reads a successful answer of this endpoint as its typed result.
    public func read(_ response: Response) throws(ClientError) -> Output {
        try reader(response)
    }
}

/// A successful answer of the server: its status and body.
public struct Response: Sendable, Hashable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body is empty, or only whitespace.
    public var isEmpty: Bool { body.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } }

    /// The body decoded as JSON.
    public func decode<T: Decodable>(_ type: T.Type) throws(ClientError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw .invalidResponse(status: status, message: "cannot read \(T.self): \(describe(decodingError: error))")
        }
    }
}

// MARK: - Answer readers

extension Endpoint where Output: Decodable {
    init(_ method: Method, _ path: String, query: [(name: String, value: String?)] = [], body: (any Encodable & Sendable)? = nil) {
        self.init(method, path, query: query, body: body) { response throws(ClientError) in
            try response.decode(Output.self)
        }
    }
}

extension Endpoint where Output == Void {
    /// An endpoint whose answer carries nothing of interest (200 with an empty body, or 204).
    init(void method: Method, _ path: String, query: [(name: String, value: String?)] = [], body: (any Encodable & Sendable)? = nil) {
        self.init(method, path, query: query, body: body) { _ in }
    }
}

extension Endpoint where Output == String {
    /// An endpoint that answers `text/plain`, such as a workflow id.
    init(text method: Method, _ path: String, query: [(name: String, value: String?)] = [], body: (any Encodable & Sendable)? = nil) {
        self.init(method, path, query: query, body: body) { response in
            response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

// MARK: - The endpoints

extension Endpoint where Output == Void {
    /// `POST /api/metadata/taskdefs`: creates or replaces task definitions.
    public static func registerTaskDefs(_ defs: [TaskDef]) -> Self {
        Self(void: .post, "/api/metadata/taskdefs", body: defs)
    }

    /// `POST /api/metadata/workflow`: registers a workflow definition; with `overwrite`, replaces the same name and version.
    public static func registerWorkflowDef(_ def: WorkflowDef, overwrite: Bool) -> Self {
        Self(void: .post, "/api/metadata/workflow", query: [("overwrite", String(overwrite))], body: def)
    }

    /// `DELETE /api/workflow/{id}`: terminates an execution.
    public static func terminate(id: String, reason: String?) -> Self {
        Self(void: .delete, "/api/workflow/\(escape(id))", query: [("reason", reason)])
    }

    /// `PUT /api/workflow/{id}/pause`: stops scheduling new tasks of a running execution.
    public static func pause(id: String) -> Self {
        Self(void: .put, "/api/workflow/\(escape(id))/pause")
    }

    /// `PUT /api/workflow/{id}/resume`: lets a paused execution go on.
    public static func resume(id: String) -> Self {
        Self(void: .put, "/api/workflow/\(escape(id))/resume")
    }

    /// `POST /api/workflow/{id}/retry`: reschedules the failed tasks of an ended execution.
    public static func retry(id: String) -> Self {
        Self(void: .post, "/api/workflow/\(escape(id))/retry")
    }

    /// `POST /api/workflow/{id}/restart`: runs an ended execution again from its first task, keeping its id.
    public static func restart(id: String) -> Self {
        Self(void: .post, "/api/workflow/\(escape(id))/restart")
    }
}

extension Endpoint where Output == WorkflowDef {
    /// `GET /api/metadata/workflow/{name}`: a registered workflow definition; the latest version when `version` is `nil`.
    public static func workflowDef(name: String, version: Int?) -> Self {
        Self(.get, "/api/metadata/workflow/\(escape(name))", query: [("version", version.map(String.init))])
    }
}

extension Endpoint where Output == String {
    /// `POST /api/workflow`: starts an execution; the answer is its id.
    public static func startWorkflow(_ request: StartWorkflowRequest) -> Self {
        Self(text: .post, "/api/workflow", body: request)
    }

    /// `POST /api/tasks`: reports on a task attempt; the answer is the task id.
    public static func updateTask(_ result: TaskResult) -> Self {
        Self(text: .post, "/api/tasks", body: result)
    }
}

extension Endpoint where Output == Workflow {
    /// `GET /api/workflow/{id}`: an execution, with its tasks when `includeTasks`.
    public static func workflow(id: String, includeTasks: Bool) -> Self {
        Self(.get, "/api/workflow/\(escape(id))", query: [("includeTasks", String(includeTasks))])
    }
}

extension Endpoint where Output == SearchResult<WorkflowSummary> {
    /// `GET /api/workflow/search`: one page of the executions matching `query` and `freeText`.
    public static func search(query: String?, freeText: String?, start: Int?, size: Int?) -> Self {
        Self(.get, "/api/workflow/search", query: [
            ("start", start.map(String.init)), ("size", size.map(String.init)),
            ("freeText", freeText), ("query", query),
        ])
    }
}

extension Endpoint where Output == [Task] {
    /// `GET /api/tasks/poll/batch/{taskType}`: takes up to `count` scheduled tasks, waiting up to `timeoutMillis`.
    public static func pollBatch(taskType: String, workerId: String?, count: Int?, timeoutMillis: Int?) -> Self {
        Self(.get, "/api/tasks/poll/batch/\(escape(taskType))", query: [
            ("workerid", workerId), ("count", count.map(String.init)), ("timeout", timeoutMillis.map(String.init)),
        ])
    }
}

extension Endpoint where Output == Task? {
    /// `POST /api/tasks/update-v2`: reports on a task attempt; the answer is the worker's next task of the same type, if any.
    public static func updateTaskV2(_ result: TaskResult) -> Self {
        Self(.post, "/api/tasks/update-v2", body: result) { response throws(ClientError) in
            // 204, an empty body, `null` or `{}` all mean "no next task", as in Conductor's SDK.
            if response.status == 204 || response.isEmpty { return nil }
            let value = try response.decode(JSONValue.self)
            guard value["taskId"] != nil else { return nil }
            return try response.decode(Task.self)
        }
    }
}

// MARK: - Escaping

/// Percent-encodes everything but RFC 3986's unreserved characters, for a path segment or a query component.
func escape(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            out += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return out
}

/// One line naming where and why JSON did not decode.
package func describe(decodingError error: any Error) -> String {
    (error as? DecodingError)?.summary ?? oneLine(String(describing: error))
}

/// The text with line breaks folded into spaces.
package func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
}
