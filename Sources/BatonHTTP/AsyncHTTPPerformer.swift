import AsyncHTTPClient
public import BatonCore
public import BatonEngine
import BatonModel
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP client of HTTP tasks: AsyncHTTPClient's shared client, which needs no shutdown.
public struct AsyncHTTPPerformer: HTTPPerformer {
    /// The largest response body read; a larger one fails the call.
    public var maxBodyBytes: Int

    public init(maxBodyBytes: Int = 10 * 1024 * 1024) {
        self.maxBodyBytes = maxBodyBytes
    }

    public func perform(_ call: HTTPCall) async throws -> HTTPCallResponse {
        var request = HTTPClientRequest(url: call.uri)
        request.method = HTTPMethod(rawValue: call.method)
        request.headers.add(name: "Accept", value: call.accept)
        for (name, value) in call.headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body = call.bodyText {
            if !call.headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                request.headers.add(name: "Content-Type", value: call.contentType)
            }
            request.body = .bytes(ByteBuffer(string: body))
        }
        let timeout = TimeAmount.milliseconds(Int64(call.connectionTimeoutMillis + call.readTimeoutMillis))
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: maxBodyBytes)
        var headers: [String: [String]] = [:]
        for header in response.headers { headers[header.name, default: []].append(header.value) }
        return HTTPCallResponse(
            statusCode: Int(response.status.code), reasonPhrase: response.status.reasonPhrase, headers: headers,
            body: Self.body(String(buffer: bytes)))
    }

    /// The body as the task reports it: parsed when it is JSON, else its text; `null` when empty.
    static func body(_ text: String) -> JSONValue {
        guard !text.isEmpty else { return .null }
        return (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
    }
}
