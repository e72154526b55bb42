import Crypto

/// Sends a webhook's HTTP POST. The engine decides what to send, when and how often; an
/// implementation only carries the request (the server's uses AsyncHTTPClient).
public protocol WebhookSender: Sendable {
    /// POSTs `body` to `url` with `headers` and answers how it went, within `timeout`.
    func post(url: String, body: [UInt8], headers: [(name: String, value: String)], timeout: Duration) async -> WebhookSendResult
}

/// How one POST ended.
public enum WebhookSendResult: Sendable, Hashable {
    /// The endpoint answered with this HTTP status.
    case answered(status: Int)
    /// No answer: connection refused, timeout, bad URL; the text says which.
    case failed(String)

    /// Whether the event counts as delivered: a 2xx answer.
    public var delivered: Bool {
        if case .answered(let status) = self { return (200..<300).contains(status) }
        return false
    }
}

/// The `X-Baton-Signature` header: `sha256=` and the hex HMAC-SHA256 of the raw body, keyed with
/// the webhook's secret. A receiver computes the same over the bytes it received and compares.
public enum WebhookSignature {
    public static let header = "X-Baton-Signature"

    public static func value(body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
