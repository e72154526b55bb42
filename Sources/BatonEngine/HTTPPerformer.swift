public import BatonCore

/// Performs the calls of HTTP tasks. BatonEngine holds no HTTP client: the executable injects one
/// (`BatonHTTP`'s), and tests may inject their own.
public protocol HTTPPerformer: Sendable {
    /// Performs `call` and returns whatever the server answered, any status; throws when no answer
    /// came (connection refused, timeout).
    func perform(_ call: HTTPCall) async throws -> HTTPCallResponse
}
