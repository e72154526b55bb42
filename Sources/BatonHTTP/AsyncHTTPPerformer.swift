public import AsyncHTTPClient
public import BatonCore
public import BatonEngine
import BatonModel
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The HTTP client of HTTP tasks, on an AsyncHTTPClient `HTTPClient`.
public struct AsyncHTTPPerformer: HTTPPerformer {
    /// The client calls go out on; its owner shuts it down.
    public let client: HTTPClient
    /// The largest response body read; a larger one fails the call.
    public var maxBodyBytes: Int

    /// A performer on `client`, configured as ``OutboundHTTP/clientConfiguration`` makes it.
    public init(client: HTTPClient, maxBodyBytes: Int = 10 * 1024 * 1024) {
        self.client = client
        self.maxBodyBytes = maxBodyBytes
    }

    /// Runs `body` with a performer on a client of its own that goes out as `outbound` says, and
    /// shuts that client down when `body` returns or throws.
    public static func with<Result>(
        _ outbound: OutboundHTTP, _ body: (AsyncHTTPPerformer) async throws -> Result
    ) async throws -> Result {
        try await HTTPClient.withHTTPClient(configuration: outbound.clientConfiguration) { client in
            try await body(AsyncHTTPPerformer(client: client))
        }
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
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch let error as NIOSSLError {
            throw TLSFailure(error)
        }
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
