import AsyncHTTPClient
import BatonEngine
import BatonModel
import BatonStore
import BatonTestSupport
import Foundation
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// The `normal` and `longpoll` answer.
struct FeedAnswer: Decodable {
    var results: [StoredChange]
    var last_seq: Int64
}

@Suite("Change feed over HTTP")
struct ChangeFeedTests {
    static let definition = #"{"name": "one", "tasks": [{"name": "work", "taskReferenceName": "work"}]}"#

    /// Starts `count` executions of `one` at once and completes them all through the worker API.
    static func runWorkflows(_ count: Int, _ client: any TestClientProtocol) async throws -> [String] {
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for n in 0..<count {
                group.addTask { try await client.send(.post, "/api/workflow/one?correlationId=c\(n)", json: "{}").text }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        var done = 0
        while done < count {
            let tasks = try await client.send(.get, "/api/tasks/poll/batch/work?count=20&timeout=500").decode([Task].self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in tasks {
                    group.addTask {
                        let result = TaskResult(taskId: task.taskId, workflowInstanceId: task.workflowInstanceId, status: .completed, outputData: ["ok": true])
                        _ = try await client.send(.post, "/api/tasks", value: result)
                    }
                }
                try await group.waitForAll()
            }
            done += tasks.count
        }
        return ids
    }

    @Test("50 concurrent executions: the feed is in seq order, a follower misses nothing, each RUNNING then COMPLETED", arguments: StoreKind.allCases)
    func orderAndGapFreedom(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.definition)
            // A follower reads small pages from last_seq while the executions run.
            let follower = _Concurrency.Task {
                var since: Int64 = 0
                var seen: [StoredChange] = []
                while seen.filter({ $0.event.kind == .workflow && $0.event.status == "COMPLETED" }).count < 50 {
                    let answer = try await client.send(.get, "/api/changes?since=\(since)&limit=7&feed=longpoll&timeout=1000").decode(FeedAnswer.self)
                    seen += answer.results
                    since = answer.last_seq
                }
                return seen
            }
            let ids = try await Self.runWorkflows(50, client)
            let followed = try await follower.value
            var all: [StoredChange] = []
            var since: Int64 = 0
            while true {
                let answer = try await client.send(.get, "/api/changes?since=\(since)&limit=100").decode(FeedAnswer.self)
                if answer.results.isEmpty { break }
                all += answer.results
                since = answer.last_seq
            }
            let seqs = all.map(\.sequence)
            #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 })
            #expect(Array(all.prefix(followed.count)) == followed)
            for id in ids {
                let statuses = all.filter { $0.event.workflowId == id && $0.event.kind == .workflow }.map(\.event.status)
                #expect(statuses == ["RUNNING", "COMPLETED"], "workflow \(id)")
                let completed = all.first { $0.event.workflowId == id && $0.event.status == "COMPLETED" && $0.event.kind == .task }
                #expect(completed?.event.data?["output"] == ["ok": true])
            }
            // Filters narrow the feed.
            let oneWorkflow = try await client.send(.get, "/api/changes?workflowId=\(ids[0])&types=workflow").decode(FeedAnswer.self)
            #expect(oneWorkflow.results.map(\.event.status) == ["RUNNING", "COMPLETED"])
            let byCorrelation = try await client.send(.get, "/api/changes?correlationId=c7,c8&types=workflow.COMPLETED").decode(FeedAnswer.self)
            #expect(byCorrelation.results.count == 2)
            #expect(byCorrelation.last_seq == seqs.last)
        }
    }

    @Test("longpoll times out empty, and wakes on a new event", arguments: StoreKind.allCases)
    func longpoll(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.definition)
            _ = try await client.send(.post, "/api/workflow/one", json: "{}")
            let head = try await client.send(.get, "/api/changes").decode(FeedAnswer.self).last_seq
            let clock = ContinuousClock()
            var answer = FeedAnswer(results: [], last_seq: 0)
            let quiet = try await clock.measure {
                answer = try await client.send(.get, "/api/changes?feed=longpoll&since=now&timeout=400").decode(FeedAnswer.self)
            }
            #expect(answer.results.isEmpty)
            #expect(answer.last_seq == head)
            #expect(quiet >= .milliseconds(350))

            let waiting = _Concurrency.Task {
                let start = clock.now
                let answer = try await client.send(.get, "/api/changes?feed=longpoll&since=\(head)&timeout=20000&types=workflow").decode(FeedAnswer.self)
                return (answer, clock.now - start)
            }
            try await _Concurrency.Task.sleep(for: .milliseconds(300))
            let id = try await client.send(.post, "/api/workflow/one", json: "{}").text
            let (woken, waited) = try await waiting.value
            #expect(woken.results.map(\.event.workflowId) == [id])
            #expect(waited < .seconds(10))
        }
    }

    @Test("a server shutting down answers an open longpoll at once, not when it times out", arguments: StoreKind.allCases)
    func longpollAtShutdown(kind: StoreKind) async throws {
        let openAtShutdown = Mutex<_Concurrency.Task<(UInt, FeedAnswer), any Error>?>(nil)
        try await TestServer.runLive(kind) { _, port, client in
            let head = try await client.send(.get, "/api/changes").decode(FeedAnswer.self).last_seq
            let url = "http://127.0.0.1:\(port)/api/changes?feed=longpoll&since=\(head)&timeout=300000"
            // Left open: the server's shutdown must answer it. A server that waited the poll out
            // would answer after 300 s; the client gives up after 60.
            let poll = _Concurrency.Task {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
                let body = try await response.body.collect(upTo: 1 << 20)
                return (response.status.code, try JSONDecoder().decode(FeedAnswer.self, from: Data(String(buffer: body).utf8)))
            }
            openAtShutdown.withLock { $0 = poll }
            try await _Concurrency.Task.sleep(for: .milliseconds(500))
        }
        let (status, answer) = try await #require(openAtShutdown.withLock { $0 }).value
        #expect(status == 200)
        #expect(answer.results.isEmpty)
    }

    @Test("bad parameters answer 400 naming the parameter", arguments: StoreKind.allCases)
    func badParameters(kind: StoreKind) async throws {
        try await TestServer.run(kind) { client in
            for (query, name) in [
                ("types=workflow,teleport", "types"), ("types=workflow.DONE", "types"), ("feed=continuous", "feed"),
                ("since=-1", "since"), ("since=abc", "since"), ("limit=0", "limit"), ("timeout=999999", "timeout"),
                ("type=workflow", "type"),
            ] {
                let answer = try await client.send(.get, "/api/changes?\(query)")
                #expect(answer.status == .badRequest, "\(query)")
                #expect(answer.message?.contains(name) == true, "\(query): \(answer.message ?? "")")
            }
        }
    }

    @Test("a cursor older than retention is 410 Gone; since=now and later cursors work", arguments: StoreKind.allCases)
    func goneAfterRetention(kind: StoreKind) async throws {
        try await TestServer.runLive(kind) { engine, _, client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.definition)
            _ = try await client.send(.post, "/api/workflow/one", json: "{}")
            #expect(try await client.send(.get, "/api/changes?since=0").status == .ok)
            #expect(try await engine.pruneChanges(before: Int.max) == 2)
            let gone = try await client.send(.get, "/api/changes?since=0")
            #expect(gone.status == .gone)
            #expect(gone.message?.contains("retention") == true)
            #expect(try await client.send(.get, "/api/changes?since=1&feed=eventsource").status == .gone)
            let now = try await client.send(.get, "/api/changes?since=now").decode(FeedAnswer.self)
            #expect(now.results.isEmpty)
            #expect(try await client.send(.get, "/api/changes?since=\(now.last_seq)").status == .ok)
        }
    }

    @Test("server-sent events over HTTP: ids, types, heartbeats, resume with Last-Event-ID, clean end at shutdown", arguments: StoreKind.allCases)
    func serverSentEvents(kind: StoreKind) async throws {
        let openAtShutdown = Mutex<_Concurrency.Task<Bool, any Error>?>(nil)
        try await TestServer.runLive(kind) { _, port, client in
            _ = try await client.send(.post, "/api/metadata/workflow", json: Self.definition)
            let first = try await client.send(.post, "/api/workflow/one", json: "{}").text
            let url = "http://127.0.0.1:\(port)/api/changes?feed=eventsource&types=workflow&heartbeat=300"
            var stream = try await SSEStream.open(url)
            let opened = try await stream.next(where: { $0.id != nil })
            #expect(opened.event == "workflow")
            #expect(opened.change?.event.workflowId == first)
            _ = try await stream.next(where: \.isComment)
            let second = try await client.send(.post, "/api/workflow/one", json: "{}").text
            let next = try await stream.next(where: { $0.id != nil })
            #expect(next.change?.event.workflowId == second)
            #expect(Int64(next.id ?? "") ?? 0 > Int64(opened.id ?? "") ?? 0)
            stream.close()

            // Resume after the first event: the second comes again, and what happened meanwhile.
            let third = try await client.send(.post, "/api/workflow/one", json: "{}").text
            var resumed = try await SSEStream.open(url, lastEventID: opened.id)
            #expect(try await resumed.next(where: { $0.id != nil }).change?.event.workflowId == second)
            #expect(try await resumed.next(where: { $0.id != nil }).change?.event.workflowId == third)
            // Left open: the server's shutdown must end it.
            let open = resumed
            openAtShutdown.withLock { $0 = _Concurrency.Task { var stream = open; return try await stream.drain() } }
        }
        let ended = try #require(openAtShutdown.withLock { $0 })
        #expect(try await ended.value)
    }
}

/// A client of a server-sent-event stream over a real HTTP connection.
struct SSEStream: @unchecked Sendable {
    struct Message {
        var id: String?
        var event: String?
        var data: String?
        var isComment = false

        var change: StoredChange? {
            data.flatMap { try? JSONDecoder().decode(StoredChange.self, from: Data($0.utf8)) }
        }
    }

    var iterator: HTTPClientResponse.Body.AsyncIterator
    var buffer = ""

    static func open(_ url: String, lastEventID: String? = nil) async throws -> SSEStream {
        var request = HTTPClientRequest(url: url)
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"].first == "text/event-stream")
        return SSEStream(iterator: response.body.makeAsyncIterator())
    }

    /// The next message (or comment) that satisfies `wanted`, within 10 seconds.
    mutating func next(where wanted: (Message) -> Bool) async throws -> Message {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            while let range = buffer.range(of: "\n\n") {
                let block = String(buffer[..<range.lowerBound])
                buffer.removeSubrange(..<range.upperBound)
                var message = Message()
                for line in block.split(separator: "\n") {
                    if line.hasPrefix(":") { message.isComment = true }
                    if line.hasPrefix("id: ") { message.id = String(line.dropFirst(4)) }
                    if line.hasPrefix("event: ") { message.event = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { message.data = String(line.dropFirst(6)) }
                }
                if wanted(message) { return message }
            }
            guard let chunk = try await iterator.next() else { throw StreamEnded() }
            buffer += String(buffer: chunk)
        }
        throw StreamEnded()
    }

    /// Reads until the server ends the stream; answers true when it ended cleanly.
    mutating func drain() async throws -> Bool {
        while try await iterator.next() != nil {}
        return true
    }

    /// Stops reading (the connection closes when the body is dropped).
    mutating func close() {}

    struct StreamEnded: Error {}
}
