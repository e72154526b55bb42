import BatonModel
import BatonTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A real HTTP server on 127.0.0.1 and a free port for HTTP tasks to call: `/order` answers
/// 500 for its first `failures` calls, then 200 with JSON that echoes the request.
enum RemoteService {
    static func run(failures: Int, _ body: @escaping @Sendable (_ port: Int) async throws -> Void) async throws {
        let calls = Mutex(0)
        let router = Router()
        router.post("/order") { request, _ -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let count = calls.withLock { $0 += 1; return $0 }
            guard count > failures else { return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "busy"))) }
            let json = #"{"received": \#(text), "calls": \#(count), "trace": "\#(request.headers[.init("X-Trace")!] ?? "")"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        let port = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.continuation.yield(channel.localAddress?.port ?? 0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.runService(gracefulShutdownSignals: []) }
            var ports = port.stream.makeAsyncIterator()
            let bound = try #require(await ports.next())
            try await body(bound)
            group.cancelAll()
        }
    }
}

@Suite("HTTP task over HTTP")
struct HTTPTaskAPITests {
    static func definition(port: Int, timeoutMillis: Int = 5000) -> String {
        #"""
        {"name": "notify", "tasks": [{"name": "call", "taskReferenceName": "call", "type": "HTTP",
          "inputParameters": {"http_request": {"uri": "http://127.0.0.1:\#(port)/order", "method": "POST",
                                               "connectionTimeOut": \#(timeoutMillis), "readTimeOut": \#(timeoutMillis),
                                               "headers": {"X-Trace": "t-1"}, "body": {"id": "${workflow.input.id}"}}}}]}
        """#
    }

    @Test("a 200 with JSON completes the task with the parsed body", arguments: StoreKind.allCases)
    func okWithJSON(kind: StoreKind) async throws {
        try await RemoteService.run(failures: 0) { port in
            try await TestServer.run(kind) { client in
                #expect(try await client.send(.post, "/api/metadata/workflow", json: Self.definition(port: port)).status == .ok)
                let id = try await client.send(.post, "/api/workflow/notify", json: #"{"id": 9}"#).text
                let done = try await client.workflow(id) { $0.status.isTerminal }
                #expect(done.status == .completed)
                let response = try #require(done.tasks.first?.outputData["response"]?.objectValue)
                #expect(response["statusCode"] == 200)
                #expect(response["body"]?.objectValue?["received"] == ["id": 9])
                #expect(response["body"]?.objectValue?["trace"] == "t-1")
            }
        }
    }

    @Test("a 500 fails the attempt, its retry succeeds", arguments: StoreKind.allCases)
    func failureThenRetry(kind: StoreKind) async throws {
        try await RemoteService.run(failures: 1) { port in
            try await TestServer.run(kind) { client in
                _ = try await client.send(.post, "/api/metadata/taskdefs", json: #"[{"name": "call", "retryCount": 2, "retryDelaySeconds": 0}]"#)
                #expect(try await client.send(.post, "/api/metadata/workflow", json: Self.definition(port: port)).status == .ok)
                let id = try await client.send(.post, "/api/workflow/notify", json: #"{"id": 1}"#).text
                let done = try await client.workflow(id) { $0.status.isTerminal }
                #expect(done.status == .completed)
                #expect(done.tasks.map(\.status) == [.failed, .completed])
                #expect(done.tasks.first?.reasonForIncompletion?.contains("500") == true)
                #expect(done.tasks.last?.outputData["response"]?.objectValue?["body"]?.objectValue?["calls"] == 2)
            }
        }
    }

    @Test("a refused connection fails the task naming the error", arguments: [StoreKind.sqlite])
    func connectionRefused(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            #expect(try await client.send(.post, "/api/metadata/workflow", json: Self.definition(port: 1, timeoutMillis: 300)).status == .ok)
            let id = try await client.send(.post, "/api/workflow/notify", json: #"{"id": 1}"#).text
            let done = try await client.workflow(id) { $0.status.isTerminal }
            #expect(done.status == .failed)
            #expect(done.tasks.first?.reasonForIncompletion?.contains("127.0.0.1:1") == true)
        }
    }
}
