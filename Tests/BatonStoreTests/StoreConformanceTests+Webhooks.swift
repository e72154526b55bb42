import BatonCore
import BatonModel
import BatonStore
import BatonTestSupport
import Foundation
import Testing

extension StoreConformanceTests {
    static func webhook(_ id: String = UUID().uuidString) -> Webhook {
        Webhook(
            id: id, url: "http://127.0.0.1:1/hook", events: [ChangeSelector(kind: .workflow)], workflowNames: ["order"],
            secret: "s", createTime: 5)
    }

    @Test("webhooks: registered at the log's head, read, deleted with their state", arguments: StoreKind.allCases)
    func webhookRegistry(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            _ = try await store.commit([try Fixtures.started().1])
            let head = try await store.latestChangeSequence()
            let webhook = Self.webhook()
            try await store.createWebhook(webhook)
            #expect(try await store.webhook(id: webhook.id) == webhook)
            #expect(try await store.webhooks() == [webhook])
            let progress = try #require(try await store.claimWebhook(id: webhook.id, owner: "a", now: 0, leaseMillis: 1_000))
            #expect(progress.cursor == head)
            #expect(progress.parked.isEmpty)
            #expect(try await store.deleteWebhook(id: webhook.id))
            #expect(try await !store.deleteWebhook(id: webhook.id))
            #expect(try await store.webhook(id: webhook.id) == nil)
            #expect(try await store.claimWebhook(id: webhook.id, owner: "a", now: 0, leaseMillis: 1_000) == nil)
        }
    }

    @Test("webhook leases: one owner at a time; writes need the lease; parked events and the log survive", arguments: StoreKind.allCases)
    func webhookLeases(kind: StoreKind) async throws {
        try await kind.withStore { store, location in
            let webhook = Self.webhook()
            try await store.createWebhook(webhook)
            #expect(try await store.claimWebhook(id: webhook.id, owner: "a", now: 1_000, leaseMillis: 10_000) != nil)
            #expect(try await store.claimWebhook(id: webhook.id, owner: "b", now: 5_000, leaseMillis: 10_000) == nil)
            #expect(try await store.claimWebhook(id: webhook.id, owner: "a", now: 5_000, leaseMillis: 10_000) != nil)

            let parked = ParkedDelivery(sequence: 7, workflowId: "w1", body: "{}", attempts: 1, firstAttemptTime: 5_000, nextAttemptTime: 6_000)
            let behind = ParkedDelivery(sequence: 9, workflowId: "w1", body: "{\"n\":9}", attempts: 0, firstAttemptTime: 0, nextAttemptTime: Int.max)
            let attempt = DeliveryAttempt(seq: 7, workflowId: "w1", attempt: 1, statusCode: 500, error: nil, time: 5_000, delivered: false)
            #expect(try await store.updateWebhook(WebhookUpdate(
                webhookId: webhook.id, owner: "a", cursor: 9, park: [parked, behind], attempts: [attempt], leasedUntil: 20_000)))
            #expect(try await !store.updateWebhook(WebhookUpdate(webhookId: webhook.id, owner: "b", cursor: 99, leasedUntil: 20_000)))
            var retried = parked
            retried.attempts = 2
            retried.nextAttemptTime = 8_000
            let second = DeliveryAttempt(seq: 7, workflowId: "w1", attempt: 2, statusCode: nil, error: "refused", time: 6_000, delivered: false)
            #expect(try await store.updateWebhook(WebhookUpdate(
                webhookId: webhook.id, owner: "a", park: [retried], attempts: [second], leasedUntil: 20_000)))
            #expect(try await store.deliveries(webhookId: webhook.id, limit: 10) == [second, attempt])

            // The lease runs out: another owner takes over where the first left off.
            let taken = try #require(try await store.claimWebhook(id: webhook.id, owner: "b", now: 20_001, leaseMillis: 10_000))
            #expect(taken.cursor == 9)
            #expect(taken.parked == [retried, behind])
            #expect(try await !store.updateWebhook(WebhookUpdate(webhookId: webhook.id, owner: "a", unpark: [7], leasedUntil: 40_000)))
            #expect(try await store.updateWebhook(WebhookUpdate(webhookId: webhook.id, owner: "b", unpark: [7], leasedUntil: 40_000)))
            // Given back: anyone may claim at once.
            try await store.releaseWebhook(id: webhook.id, owner: "b")
            try await kind.withStore(at: location) { (reopened: any Store) async throws in
                let again = try #require(try await reopened.claimWebhook(id: webhook.id, owner: "c", now: 20_002, leaseMillis: 10_000))
                #expect(again.parked == [behind])
                #expect(try await reopened.deliveries(webhookId: webhook.id, limit: 1) == [second])
            }
        }
    }
}
