import BatonEngine
import BatonHTTP
import BatonModel
import BatonScript
import BatonServer
import BatonStore
import BatonTestSupport
import Foundation
import Testing
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A real Baton application over a fresh database of each kind, tested through real HTTP connections.
enum TestServer {
    static func run(
        _ kind: StoreKind, maxBodySize: Int = 10 * 1024 * 1024, clock: EngineClock = .system,
        _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await kind.withStore { store, _ in try await serve(store, clock: clock, maxBodySize: maxBodySize, test) }
    }

    /// A real Baton application over `store`, its engine on `clock`; it stops, services and all,
    /// when `test` returns, so that another can be started on the same database, as after a restart.
    static func serve(
        _ store: any Store, clock: EngineClock = .system, maxBodySize: Int = 10 * 1024 * 1024,
        _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        // HTTP tasks go out as `baton server` sends them without proxy flags.
        try await AsyncHTTPPerformer.with(OutboundHTTP()) { http in
            let engine = Engine(store: store, clock: clock, scripts: ScriptRunner(), http: http)
            try await engine.prepare()
            let application = Application(
                router: APIServer.router(engine: engine, configuration: .init(maxBodySize: maxBodySize)),
                services: engine.services)
            try await application.test(.ahc(.http)) { client in try await test(client) }
        }
    }
}

extension TestClientProtocol {
    /// Sends `body` as JSON and returns the response.
    func send(_ method: HTTPRequest.Method, _ uri: String, json body: String? = nil) async throws -> TestResponse {
        try await execute(
            uri: uri, method: method, headers: body == nil ? [:] : [.contentType: "application/json"],
            body: body.map { ByteBuffer(string: $0) })
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, value: some Encodable) async throws -> TestResponse {
        try await send(method, uri, json: String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(body.readableBytesView))
    }

    /// The `message` of a Conductor error body.
    var message: String? { (try? decode([String: JSONValue].self))?["message"]?.stringValue }
}

extension TestServer {
    /// A real Baton application over a fresh database of `kind`, listening on a port of
    /// 127.0.0.1, with the change retention and webhook services running.
    static func runLive(
        _ kind: StoreKind, webhooks: WebhookService.Settings = .init(),
        _ test: @escaping @Sendable (Engine, _ port: Int, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await kind.withStore { store, _ in
            let engine = Engine(store: store)
            try await engine.prepare()
            let application = Application(
                router: APIServer.router(engine: engine),
                services: engine.services + [WebhookService(engine: engine, sender: HTTPWebhookSender(), settings: webhooks)])
            try await application.test(.live) { client in
                try await test(engine, try #require(client.port), client)
            }
        }
    }
}
