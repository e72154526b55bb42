import BatonEngine
import BatonModel
import BatonStore
import BatonTestSupport
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A webhook endpoint on 127.0.0.1 that records what it receives. `/hook` fails the first
/// `failures` attempts of each event with 500; `/slow` answers nothing for a minute.
final class Receiver: Sendable {
    struct Hit: Sendable {
        var body: [UInt8]
        var signature: String?
        var status: Int
        var change: StoredChange
    }

    let failures: Int
    let hits = Mutex<[Hit]>([])
    let stopped = Atomic<Bool>(false)

    init(failures: Int) { self.failures = failures }

    var delivered: [Hit] { hits.withLock { $0.filter { $0.status == 200 } } }

    func record(_ request: Request) async throws -> Response {
        let body = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        let change = try JSONDecoder().decode(StoredChange.self, from: Data(body))
        let status = hits.withLock { hits in
            let earlier = hits.filter { $0.change.sequence == change.sequence }.count
            let status = earlier < failures ? 500 : 200
            hits.append(Hit(body: body, signature: request.headers[HTTPField.Name("X-Baton-Signature")!], status: status, change: change))
            return status
        }
        return Response(status: .init(code: status))
    }

    /// Runs the receiver while `body` runs, and hands it the port.
    static func run(failures: Int, _ body: @escaping @Sendable (Receiver, Int) async throws -> Void) async throws {
        let receiver = Receiver(failures: failures)
        let router = Router()
        router.post("hook") { request, _ in try await receiver.record(request) }
        router.post("slow") { _, _ in
            for _ in 0..<600 where !receiver.stopped.load(ordering: .relaxed) {
                try await _Concurrency.Task.sleep(for: .milliseconds(100))
            }
            return Response(status: .ok)
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: {
                // Stopping by cancellation logs errors that say nothing here.
                var logger = Logger(label: "receiver")
                logger.logLevel = .critical
                return logger
            }())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.runService() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body(receiver, port)
            } catch {
                receiver.stopped.store(true, ordering: .relaxed)
                group.cancelAll()
                throw error
            }
            receiver.stopped.store(true, ordering: .relaxed)
            group.cancelAll()
        }
    }
}

/// Waits up to `seconds` for `condition`.
func eventually(_ seconds: Int = 20, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await _Concurrency.Task.sleep(for: .milliseconds(50))
    }
    return false
}

@Suite("Webhooks over HTTP")
struct WebhookTests {
    static let fast = WebhookService.Settings(
        firstRetryDelay: .milliseconds(100), requestTimeout: .seconds(3), claimPeriod: .milliseconds(200))

    @Test("retries until delivered: the log shows each attempt, signatures verify, order per workflow holds", arguments: StoreKind.allCases)
    func retriedDelivery(kind: StoreKind) async throws {
        try await Receiver.run(failures: 2) { receiver, receiverPort in
            try await TestServer.runLive(kind, webhooks: Self.fast) { _, _, client in
                _ = try await client.send(.post, "/api/metadata/workflow", json: ChangeFeedTests.definition)
                let registered = try await client.send(
                    .post, "/api/webhooks",
                    json: #"{"url": "http://127.0.0.1:\#(receiverPort)/hook", "events": ["workflow"], "workflowNames": ["one"], "secret": "topsecret"}"#)
                #expect(registered.status == .ok)
                let id = try #require(try registered.decode([String: JSONValue].self)["id"]?.stringValue)
                #expect(try await client.send(.get, "/api/webhooks/\(id)").status == .ok)
                #expect(try await client.send(.get, "/api/webhooks").decode([[String: JSONValue]].self).count == 1)

                let ids = try await ChangeFeedTests.runWorkflows(3, client)
                #expect(try await eventually { receiver.delivered.count == 6 })

                let hits = receiver.hits.withLock { $0 }
                let key = SymmetricKey(data: Array("topsecret".utf8))
                for hit in hits {
                    let signature = try #require(hit.signature)
                    #expect(signature.hasPrefix("sha256="))
                    let expected = HMAC<SHA256>.authenticationCode(for: hit.body, using: key).map { String(format: "%02x", $0) }.joined()
                    #expect(signature == "sha256=" + expected)
                }
                for workflowId in ids {
                    let attempts = hits.filter { $0.change.event.workflowId == workflowId }
                    let seqs = attempts.map(\.change.sequence)
                    #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $0 <= $1 }, "attempts of \(workflowId) in order")
                    let delivered = attempts.filter { $0.status == 200 }.map(\.change.event.status)
                    #expect(delivered == ["RUNNING", "COMPLETED"])
                    #expect(attempts.map(\.status) == [500, 500, 200, 500, 500, 200])
                }
                // The log row of an attempt is written once its answer is in: the receiver may be ahead.
                var log: [DeliveryAttempt] = []
                #expect(try await eventually {
                    log = try await client.send(.get, "/api/webhooks/\(id)/deliveries?limit=100").decode([DeliveryAttempt].self)
                    return log.count == 18
                })
                let first = log.filter { $0.seq == hits[0].change.sequence }.sorted { $0.attempt < $1.attempt }
                #expect(first.map(\.attempt) == [1, 2, 3])
                #expect(first.map(\.statusCode) == [500, 500, 200])
                #expect(first.map(\.delivered) == [false, false, true])

                #expect(try await client.send(.delete, "/api/webhooks/\(id)").status == .ok)
                #expect(try await client.send(.get, "/api/webhooks/\(id)").status == .notFound)
            }
        }
    }

    @Test("an endpoint that does not answer does not delay another webhook", arguments: StoreKind.allCases)
    func deadEndpointIsolated(kind: StoreKind) async throws {
        // The silent endpoint holds each request for 20 s: deliveries to the other webhook that
        // waited behind it would take 60 s for three, far beyond the bound below on a loaded machine.
        let settings = WebhookService.Settings(
            firstRetryDelay: .milliseconds(100), requestTimeout: .seconds(20), claimPeriod: .milliseconds(200))
        try await Receiver.run(failures: 0) { receiver, receiverPort in
            try await TestServer.runLive(kind, webhooks: settings) { _, _, client in
                _ = try await client.send(.post, "/api/metadata/workflow", json: ChangeFeedTests.definition)
                for path in ["slow", "hook"] {
                    let answer = try await client.send(
                        .post, "/api/webhooks", json: #"{"url": "http://127.0.0.1:\#(receiverPort)/\#(path)", "events": ["workflow.RUNNING"], "secret": "s"}"#)
                    #expect(answer.status == .ok)
                }
                try await _Concurrency.Task.sleep(for: .milliseconds(500))
                let clock = ContinuousClock()
                let start = clock.now
                for _ in 0..<3 { _ = try await client.send(.post, "/api/workflow/one", json: "{}") }
                #expect(try await eventually(15) { receiver.delivered.count == 3 })
                #expect(clock.now - start < .seconds(15))
            }
        }
    }

    @Test("registration checks its fields", arguments: StoreKind.allCases)
    func badRegistration(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            for (body, field) in [
                (#"{"url": "ftp://x", "events": ["workflow"], "secret": "s"}"#, "url"),
                (#"{"url": "http://x", "events": [], "secret": "s"}"#, "events"),
                (#"{"url": "http://x", "events": ["workflow.DONE"], "secret": "s"}"#, "events"),
                (#"{"url": "http://x", "events": ["workflow"]}"#, "secret"),
                (#"{"events": ["workflow"], "secret": "s"}"#, "url"),
            ] {
                let answer = try await client.send(.post, "/api/webhooks", json: body)
                #expect(answer.status == .badRequest, "\(body)")
                #expect(answer.message?.contains(field) == true, "\(body): \(answer.message ?? "")")
            }
            #expect(try await client.send(.get, "/api/webhooks/nope/deliveries").status == .notFound)
        }
    }
}
