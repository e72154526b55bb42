import BatonEngine
import BatonStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /api/changes`: the change log as a feed, after CouchDB's `_changes`.
///
/// `since` (a sequence number, or `now`), `limit`, `feed` (`normal`, `longpoll` or
/// `eventsource`), `timeout` (milliseconds a long poll waits, default 60 000, at most 300 000),
/// `heartbeat` (milliseconds between server-sent-event comments, default 15 000), and filters
/// `workflowName`, `correlationId`, `workflowId` (each a comma list) and `types` (a comma list of
/// `workflow`, `task`, or `kind.STATUS`). Results come in sequence order; a reader continues
/// from `last_seq` (or, for events, its last `id`) and misses nothing.
struct ChangeRoutes {
    let engine: Engine

    static let parameters: Set<String> = [
        "since", "limit", "feed", "timeout", "heartbeat", "workflowName", "correlationId", "workflowId", "types",
    ]

    func register(on router: Router<BasicRequestContext>) {
        router.get("api/changes") { request, _ in try await changes(request) }
    }

    private func changes(_ request: Request) async throws -> Response {
        let feed = try ChangeFeedRequest(request)
        var since = try await feed.since(engine)
        switch feed.feed {
        case .normal:
            let page = try await engine.changes(since: since, limit: feed.limit, filter: feed.filter)
            return try JSONResponse.make(ChangesResponse(results: page.changes, last_seq: page.lastSequence))
        case .longpoll:
            let page = try await engine.waitForChanges(
                since: since, limit: feed.limit, filter: feed.filter, timeout: .milliseconds(feed.timeoutMillis))
            return try JSONResponse.make(ChangesResponse(results: page.changes, last_seq: page.lastSequence))
        case .eventsource:
            if let resume = request.headers[HTTPField.Name("Last-Event-ID")!] {
                guard let seq = Int64(resume.trimmingCharacters(in: .whitespaces)), seq >= 0 else {
                    throw APIError.badRequest("header Last-Event-ID must be a sequence number (got '\(resume)')")
                }
                since = seq
            }
            // Read the first page before answering, so that a cursor retention passed is a 410.
            let generation = engine.changeLogGeneration
            let first = try await engine.changes(since: since, limit: feed.limit, filter: feed.filter)
            let stream = EventStream(engine: engine, feed: feed, first: first, generation: generation, since: since)
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in try await stream.write(to: &writer) })
        }
    }
}

/// The parameters of `GET /api/changes`, checked: a bad value is a 400 that names its parameter.
struct ChangeFeedRequest: Sendable {
    enum Feed: String { case normal, longpoll, eventsource }

    var sinceText: String?
    var limit: Int
    var feed: Feed
    var timeoutMillis: Int
    var heartbeatMillis: Int
    var filter: ChangeFilter

    init(_ request: Request) throws {
        if let query = request.uri.query {
            for pair in query.split(separator: "&") {
                let name = String(pair.split(separator: "=", maxSplits: 1).first ?? "").removingPercentEncoding ?? ""
                guard ChangeRoutes.parameters.contains(name) else {
                    throw APIError.badRequest(
                        "unknown query parameter '\(name)'; known: \(ChangeRoutes.parameters.sorted().joined(separator: ", "))")
                }
            }
        }
        sinceText = request.query("since")
        limit = try request.queryInt("limit", default: 1000, in: 1...10_000) ?? 1000
        let feedName = request.query("feed") ?? "normal"
        guard let feed = Feed(rawValue: feedName) else {
            throw APIError.badRequest("query parameter feed must be normal, longpoll or eventsource (got '\(feedName)')")
        }
        self.feed = feed
        timeoutMillis = try request.queryInt("timeout", default: 60_000, in: 0...300_000) ?? 60_000
        heartbeatMillis = try request.queryInt("heartbeat", default: 15_000, in: 100...300_000) ?? 15_000
        var filter = ChangeFilter()
        let names = request.queryList("workflowName")
        if !names.isEmpty { filter.workflowNames = names }
        let correlationIds = request.queryList("correlationId")
        if !correlationIds.isEmpty { filter.correlationIds = correlationIds }
        let workflowIds = request.queryList("workflowId")
        if !workflowIds.isEmpty { filter.workflowIds = workflowIds }
        let types = request.queryList("types")
        if !types.isEmpty {
            filter.selectors = try types.map { type in
                guard let selector = ChangeSelector(type) else {
                    throw APIError.badRequest(
                        "query parameter types: unknown type '\(type)'; use workflow, task, workflow.<WorkflowStatus> or task.<TaskStatus>")
                }
                return selector
            }
        }
        self.filter = filter
    }

    /// The position to read after: a number, `now` (the log's head), or 0.
    func since(_ engine: Engine) async throws -> Int64 {
        guard let sinceText else { return 0 }
        if sinceText == "now" { return try await engine.latestChangeSequence() }
        guard let since = Int64(sinceText), since >= 0 else {
            throw APIError.badRequest("query parameter since must be a sequence number or now (got '\(sinceText)')")
        }
        return since
    }
}

/// The answer of the `normal` and `longpoll` feeds.
struct ChangesResponse: Encodable {
    var results: [StoredChange]
    var last_seq: Int64
}

/// A server-sent-event stream of the change log: one event per change (`id: <seq>`,
/// `event: <type>`, `data: <json>`), a comment line when nothing happened for a heartbeat
/// period, until the client goes away or the server shuts down (then the stream ends cleanly).
struct EventStream: Sendable {
    let engine: Engine
    let feed: ChangeFeedRequest
    let first: ChangePage
    let generation: UInt64
    let since: Int64

    func write(to writer: inout any ResponseBodyWriter) async throws {
        let stopping = StopFlag()
        try await withGracefulShutdownHandler {
            try await stream(to: &writer, stopping: stopping)
        } onGracefulShutdown: { [engine] in
            stopping.stop()
            engine.wakeChangeReaders()
        }
        try await writer.finish(nil)
    }

    private func stream(to writer: inout any ResponseBodyWriter, stopping: StopFlag) async throws {
        let heartbeat = Duration.milliseconds(feed.heartbeatMillis)
        var page = first
        var generation = generation
        // A comment first, so that the client sees the stream open at once.
        try await writer.write(ByteBuffer(string: ": baton change feed after seq \(since)\n\n"))
        var lastWrite = ContinuousClock.now
        while !Task.isCancelled, !stopping.isStopped {
            if !page.changes.isEmpty {
                var buffer = ByteBuffer()
                for change in page.changes {
                    let json = String(decoding: try JSONEncoder().encode(change), as: UTF8.self)
                    buffer.writeString("id: \(change.sequence)\nevent: \(change.event.kind.rawValue)\ndata: \(json)\n\n")
                }
                try await writer.write(buffer)
                lastWrite = ContinuousClock.now
            }
            if page.changes.count < feed.limit {
                let quiet = ContinuousClock.now - lastWrite
                if quiet < heartbeat { await engine.waitForChangeLog(after: generation, timeout: heartbeat - quiet) }
                if Task.isCancelled || stopping.isStopped { return }
                if ContinuousClock.now - lastWrite >= heartbeat {
                    try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    lastWrite = ContinuousClock.now
                }
            }
            generation = engine.changeLogGeneration
            page = try await engine.changes(since: page.lastSequence, limit: feed.limit, filter: feed.filter)
        }
    }
}
