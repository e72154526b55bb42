/// Why a call to the Baton server did not give the answer asked for.
public enum ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with an error status; `message` is the `message` of its
    /// `{"status": ..., "message": ...}` body (or the body's text, or the status line, when it has none).
    case server(status: Int, message: String)
    /// No answer came: the server could not be reached, the connection broke, or the call timed out.
    /// The text is one line.
    case transport(String)
    /// The server answered with a success status but not with what the API promises
    /// (for example JSON that does not decode as the expected type).
    case invalidResponse(status: Int, message: String)
    /// The request could not be built (for example a body that does not encode as JSON).
    case invalidRequest(String)

    /// The HTTP status of the answer, or `nil` when there was none.
    public var status: Int? {
        switch self {
        case .server(let status, _), .invalidResponse(let status, _): return status
        case .transport, .invalidRequest: return nil
        }
    }

    /// The error's text without the status.
    public var message: String {
        switch self {
        case .server(_, let message), .invalidResponse(_, let message): return message
        case .transport(let message), .invalidRequest(let message): return message
        }
    }

    /// One line for a person: the message, and the HTTP status where there is one.
    public var description: String {
        switch self {
        case .server(let status, let message): return "\(message) (HTTP \(status))"
        case .invalidResponse(let status, let message): return "unexpected answer (HTTP \(status)): \(message)"
        case .transport(let message): return message
        case .invalidRequest(let message): return "invalid request: \(message)"
        }
    }
}
