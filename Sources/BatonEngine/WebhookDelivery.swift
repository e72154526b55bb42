import BatonStore
import Foundation

/// The loop that delivers one webhook's events while its service holds the webhook's lease.
///
/// Order per workflow: events are read from the webhook's cursor in sequence order. An event
/// whose POST fails is parked (in the store) with a retry time, doubling from one second up to
/// five minutes, and every later event of the same workflow is parked behind it, so that a
/// workflow's events arrive in order; other workflows' events go on. When a parked event gets
/// through (or is given up after the maximum retry time), the ones behind it follow at once.
///
/// At least once: the cursor and the parked events are written after the POST, so a crash in
/// between sends the event again. Every write checks the lease, so a loop that lost its lease
/// (it stalled and another server took the webhook over) stops without writing.
struct WebhookDelivery {
    let service: WebhookService
    let webhook: Webhook
    var cursor: Int64
    /// Parked events by workflow, oldest first.
    var parked: [String: [ParkedDelivery]] = [:]
    var leaseRenewedAt: Int

    static let pageSize = 100

    init(service: WebhookService, webhook: Webhook, progress: WebhookProgress) {
        self.service = service
        self.webhook = webhook
        cursor = progress.cursor
        for delivery in progress.parked { parked[delivery.workflowId, default: []].append(delivery) }
        // A head that never had an attempt waited behind one that is gone now: it is due.
        for (workflowId, line) in parked where line[0].attempts == 0 { parked[workflowId]?[0].nextAttemptTime = 0 }
        leaseRenewedAt = service.engine.clock.now()
    }

    private var engine: Engine { service.engine }
    private var settings: WebhookService.Settings { service.settings }

    /// Error of a write whose lease was lost: the loop stops.
    struct LeaseLost: Error {}

    mutating func run() async {
        do {
            while !service.isStopping {
                let generation = engine.changeBell.generation
                try await retryDue()
                let full = try await deliverNew()
                if full { continue }
                try await renewLeaseIfDue()
                let now = engine.clock.now()
                let nextRetry = parked.values.compactMap(\.first?.nextAttemptTime).min() ?? Int.max
                let wait = min(max(nextRetry - now, 0), settings.leaseDuration.millis / 3)
                if wait > 0 { await engine.changeBell.wait(after: generation, timeout: .milliseconds(wait)) }
            }
            try? await engine.store.releaseWebhook(id: webhook.id, owner: service.owner)
        } catch is LeaseLost {
            engine.logger.info("webhook \(webhook.id): delivery continues elsewhere (lease lost or webhook deleted)")
        } catch {
            engine.logger.warning("webhook \(webhook.id): \(error); will be claimed again")
            try? await engine.store.releaseWebhook(id: webhook.id, owner: service.owner)
        }
    }

    /// Retries the parked event at the head of each workflow whose retry time has come, and
    /// sends what queued behind it once it is through.
    private mutating func retryDue() async throws {
        for workflowId in Array(parked.keys) {
            while var head = parked[workflowId]?.first, head.nextAttemptTime <= engine.clock.now(), !service.isStopping {
                let now = engine.clock.now()
                let result = await post(head.body)
                head.attempts += 1
                if head.firstAttemptTime == 0 { head.firstAttemptTime = now }
                var attempt = DeliveryAttempt(
                    seq: head.sequence, workflowId: workflowId, attempt: head.attempts, result: result, time: now)
                if result.delivered || now - head.firstAttemptTime >= settings.maxRetryDuration.millis {
                    if !result.delivered {
                        attempt.error = (attempt.error ?? "HTTP \(attempt.statusCode ?? 0)") + "; given up after retrying for \(settings.maxRetryDuration)"
                    }
                    try await write(WebhookUpdate(
                        webhookId: webhook.id, owner: service.owner, unpark: [head.sequence], attempts: [attempt], leasedUntil: 0))
                    parked[workflowId]?.removeFirst()
                    if parked[workflowId]?.isEmpty == true {
                        parked[workflowId] = nil
                    } else {
                        parked[workflowId]?[0].nextAttemptTime = 0 // next in line: due now
                    }
                    continue
                }
                head.nextAttemptTime = now + delay(after: head.attempts)
                try await write(WebhookUpdate(
                    webhookId: webhook.id, owner: service.owner, park: [head], attempts: [attempt], leasedUntil: 0))
                parked[workflowId]?[0] = head
                break
            }
        }
    }

    /// Sends the events after the cursor; answers whether a full page was read (more may wait).
    private mutating func deliverNew() async throws -> Bool {
        let page = try await engine.store.changes(after: cursor, limit: Self.pageSize, matching: webhook.filter)
        if cursor < page.prunedThrough {
            engine.logger.warning(
                "webhook \(webhook.id): events \(cursor + 1)...\(page.prunedThrough) were deleted by retention before delivery")
        }
        for change in page.changes {
            guard !service.isStopping else { return false }
            let body = String(decoding: try JSONEncoder().encode(change), as: UTF8.self)
            let workflowId = change.event.workflowId
            if parked[workflowId] != nil {
                // Behind an event of its workflow that has not got through: wait in line.
                let waiting = ParkedDelivery(
                    sequence: change.sequence, workflowId: workflowId, body: body, attempts: 0, firstAttemptTime: 0,
                    nextAttemptTime: Int.max)
                try await write(WebhookUpdate(
                    webhookId: webhook.id, owner: service.owner, cursor: change.sequence, park: [waiting], leasedUntil: 0))
                parked[workflowId]?.append(waiting)
                continue
            }
            let now = engine.clock.now()
            let result = await post(body)
            let attempt = DeliveryAttempt(seq: change.sequence, workflowId: workflowId, attempt: 1, result: result, time: now)
            var update = WebhookUpdate(
                webhookId: webhook.id, owner: service.owner, cursor: change.sequence, attempts: [attempt], leasedUntil: 0)
            if !result.delivered {
                let failed = ParkedDelivery(
                    sequence: change.sequence, workflowId: workflowId, body: body, attempts: 1, firstAttemptTime: now,
                    nextAttemptTime: now + delay(after: 1))
                update.park = [failed]
                try await write(update)
                parked[workflowId] = [failed]
            } else {
                try await write(update)
            }
            cursor = change.sequence
        }
        if page.changes.count < Self.pageSize, page.lastSequence > cursor {
            // Nothing more matched up to the log's head: move past it.
            try await write(WebhookUpdate(webhookId: webhook.id, owner: service.owner, cursor: page.lastSequence, leasedUntil: 0))
            cursor = page.lastSequence
        }
        return page.changes.count >= Self.pageSize
    }

    private mutating func renewLeaseIfDue() async throws {
        if engine.clock.now() - leaseRenewedAt >= settings.leaseDuration.millis / 3 {
            try await write(WebhookUpdate(webhookId: webhook.id, owner: service.owner, leasedUntil: 0))
        }
    }

    /// Writes `update` with the lease extended; throws ``LeaseLost`` when the lease is no longer ours.
    private mutating func write(_ update: WebhookUpdate) async throws {
        var update = update
        let now = engine.clock.now()
        update.leasedUntil = now + settings.leaseDuration.millis
        guard try await engine.store.updateWebhook(update) else { throw LeaseLost() }
        leaseRenewedAt = now
    }

    /// The wait after the `attempts`-th failure: the first retry delay, doubled per further failure, capped.
    private func delay(after attempts: Int) -> Int {
        let first = settings.firstRetryDelay.millis
        let exponent = min(attempts - 1, 30)
        return min(first << exponent, settings.maxRetryDelay.millis)
    }

    private func post(_ body: String) async -> WebhookSendResult {
        let bytes = Array(body.utf8)
        let headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            (WebhookSignature.header, WebhookSignature.value(body: bytes, secret: webhook.secret)),
            ("User-Agent", "Baton-Webhooks"),
        ]
        return await service.sender.post(url: webhook.url, body: bytes, headers: headers, timeout: settings.requestTimeout)
    }
}

extension DeliveryAttempt {
    init(seq: Int64, workflowId: String, attempt: Int, result: WebhookSendResult, time: Int) {
        switch result {
        case .answered(let status):
            self.init(
                seq: seq, workflowId: workflowId, attempt: attempt, statusCode: status, error: nil, time: time,
                delivered: result.delivered)
        case .failed(let error):
            self.init(seq: seq, workflowId: workflowId, attempt: attempt, statusCode: nil, error: error, time: time, delivered: false)
        }
    }
}
