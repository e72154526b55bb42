import AsyncHTTPClient
public import BatonEngine
import NIOCore
import NIOHTTP1

/// Webhook POSTs through AsyncHTTPClient's shared client.
public struct HTTPWebhookSender: WebhookSender {
    public init() {}

    public func post(url: String, body: [UInt8], headers: [(name: String, value: String)], timeout: Duration) async -> WebhookSendResult {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            // Drain (a little of) the answer so that the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .answered(status: Int(response.status.code))
        } catch {
            return .failed(String(describing: error))
        }
    }
}
