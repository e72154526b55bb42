public import BatonModel

/// HTTP: a call to an HTTP endpoint, made by the engine's system-task runner.
///
/// The attempt is queued like a worker task, in the queue `HTTP` (never in a domain), so that it
/// is leased, timed out and retried like one; the runner claims it, performs the ``HTTPCall`` in
/// its input and reports the outcome (``HTTPCall/result(of:)``) through the task API. An input
/// that names no URI fails the attempt at once.
extension DecisionRun {
    /// The queue HTTP attempts wait in.
    static let httpQueue = TaskType.http.rawValue

    mutating func scheduleHTTP(_ draft: Draft) {
        do {
            _ = try HTTPCall(input: draft.input)
        } catch {
            addSystemTask(draft, status: .failedWithTerminalError, reason: "HTTP '\(draft.step.taskReferenceName)': \(error.message)")
            return
        }
        scheduleWorkerTask(draft, queue: Self.httpQueue)
    }
}

/// The request of an HTTP task: Conductor's `http_request` input (`uri`, `method`, `headers`,
/// `body`, `accept`, `contentType`, `connectionTimeOut`, `readTimeOut`, in milliseconds), or the
/// same keys at the top of the input.
public struct HTTPCall: Sendable, Hashable {
    public var uri: String
    public var method: String
    public var headers: [String: String]
    public var body: JSONValue?
    public var accept: String
    public var contentType: String
    public var connectionTimeoutMillis: Int
    public var readTimeoutMillis: Int

    public static let methods: Set<String> = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]

    /// Reads the request from a task's input; the error names the missing or wrong field.
    public init(input: [String: JSONValue]) throws(DefinitionError) {
        let fields = input["http_request"]?.objectValue ?? input
        guard let uri = fields["uri"]?.stringValue, !uri.isEmpty else {
            throw DefinitionError("input http_request.uri is missing")
        }
        guard uri.hasPrefix("http://") || uri.hasPrefix("https://") else {
            throw DefinitionError("input http_request.uri '\(uri)' is not an http:// or https:// URL")
        }
        let method = (fields["method"]?.stringValue ?? "GET").uppercased()
        guard Self.methods.contains(method) else {
            throw DefinitionError("input http_request.method '\(method)' is not one of \(Self.methods.sorted().joined(separator: ", "))")
        }
        self.uri = uri
        self.method = method
        var headers: [String: String] = [:]
        for (name, value) in fields["headers"]?.objectValue ?? [:] {
            headers[name] = value.stringValue ?? value.compactText
        }
        self.headers = headers
        body = fields["body"].flatMap { $0.isNull ? nil : $0 }
        accept = fields["accept"]?.stringValue ?? "application/json"
        contentType = fields["contentType"]?.stringValue ?? "application/json"
        connectionTimeoutMillis = fields["connectionTimeOut"]?.intValue.map(Int.init) ?? 10_000
        readTimeoutMillis = fields["readTimeOut"]?.intValue.map(Int.init) ?? 30_000
    }

    /// The body to send: a string as it is, anything else as JSON text.
    public var bodyText: String? {
        guard let body else { return nil }
        return body.stringValue ?? body.compactText
    }

    /// What the call answered, as the task reports it: a 2xx response completes the attempt with
    /// output `response` {statusCode, headers, body, reasonPhrase} (the body parsed when it is
    /// JSON); any other status fails it, naming the status, so that its retries apply.
    public static func result(of response: HTTPCallResponse) -> (status: TaskStatus, output: [String: JSONValue], reason: String?) {
        let output: [String: JSONValue] = [
            "response": .object([
                "statusCode": .int(Int64(response.statusCode)),
                "reasonPhrase": .string(response.reasonPhrase),
                "headers": .object(response.headers.mapValues { .array($0.map(JSONValue.string)) }),
                "body": response.body,
            ])
        ]
        guard (200..<300).contains(response.statusCode) else {
            return (.failed, output, "HTTP \(response.statusCode) \(response.reasonPhrase) from the remote service")
        }
        return (.completed, output, nil)
    }
}

/// The answer to an ``HTTPCall``.
public struct HTTPCallResponse: Sendable, Hashable {
    public var statusCode: Int
    public var reasonPhrase: String
    public var headers: [String: [String]]
    /// The body: parsed when it is JSON, else its text; `null` when empty.
    public var body: JSONValue

    public init(statusCode: Int, reasonPhrase: String, headers: [String: [String]], body: JSONValue) {
        self.statusCode = statusCode
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.body = body
    }
}
