import BatonModel
import Foundation
import Hummingbird
import NIOCore

/// JSON and text answers, as Conductor writes them.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A bare string with `text/plain` (ids, as Conductor answers starts and updates).
    static func text(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 200 with an empty body (Conductor's `void`).
    static var ok: Response { Response(status: .ok) }

    /// 204.
    static var noContent: Response { Response(status: .noContent) }
}

/// Reading requests: bodies within the size limit, decoding errors that name the field, and
/// query values in the forms Conductor's clients send them (`True`, `None`).
struct RequestReader: Sendable {
    /// The largest body accepted, in bytes.
    var maxBodySize: Int

    func body(of request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: maxBodySize)
        } catch {
            throw APIError(.contentTooLarge, "request body is larger than the limit of \(maxBodySize) bytes")
        }
    }

    /// The body decoded as `T`; an empty body or malformed JSON is a 400 that says what is wrong where.
    func decode<T: Decodable>(_ type: T.Type, from request: Request, what: String) async throws -> T {
        try decode(type, from: try await body(of: request), what: what)
    }

    /// A body already read, decoded as `T` (a request body can be read only once).
    func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer, what: String) throws -> T {
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("\(what) is required in the request body") }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badRequest("invalid \(what): \(error.summary)")
        } catch {
            throw APIError.badRequest("invalid \(what): \(error)")
        }
    }

    /// The body as text (a task log line).
    func text(from request: Request) async throws -> String {
        String(buffer: try await body(of: request))
    }
}

extension Request {
    /// Every value of query parameter `name`, form-decoded (`+` is a space, as clients encode
    /// them); empty values and Python's `None` count as absent, as the Conductor SDK sends them.
    func queryValues(_ name: String) -> [String] {
        guard let query = uri.query else { return [] }
        return query.split(separator: "&").compactMap { pair -> String? in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard Self.formDecode(parts[0]) == name, parts.count == 2 else { return nil }
            let value = Self.formDecode(parts[1])
            return value.isEmpty || value == "None" ? nil : value
        }
    }

    private static func formDecode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// A query value (the first, when repeated).
    func query(_ name: String) -> String? {
        queryValues(name).first
    }

    /// Every value of a repeated query parameter, also split on commas.
    func queryList(_ name: String) -> [String] {
        queryValues(name).flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    /// A boolean query value: `true`/`false` in any case (`True` from Python).
    func queryBool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let value = query(name) else { return fallback }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw APIError.badRequest("query parameter \(name) must be true or false (got '\(value)')")
        }
    }

    /// An integer query value within `range`.
    func queryInt(_ name: String, default fallback: Int? = nil, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let value = query(name) else { return fallback }
        guard let number = Int(value) else { throw APIError.badRequest("query parameter \(name) must be an integer (got '\(value)')") }
        guard range.contains(number) else {
            throw APIError.badRequest("query parameter \(name) must be between \(range.lowerBound) and \(range.upperBound) (got \(number))")
        }
        return number
    }
}

extension Parameters {
    /// A path parameter the route pattern guarantees.
    func path(_ name: String) throws -> String {
        guard let value = get(name) else { throw APIError.badRequest("missing path parameter \(name)") }
        return value
    }
}
