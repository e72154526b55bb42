public import BatonStore
import Foundation

/// Registering webhooks and reading their delivery logs.
extension Engine {
    /// Registers a webhook for what happens from now on and returns it with its new id.
    ///
    /// `events` are kinds (`workflow`, `task`) or kinds with a status (`workflow.COMPLETED`).
    public func registerWebhook(
        url: String, events: [String], workflowNames: [String]?, secret: String
    ) async throws(EngineError) -> Webhook {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            parsed.host?.isEmpty == false
        else {
            throw .invalid("url must be an absolute http or https URL (got '\(url)')")
        }
        guard !events.isEmpty else { throw .invalid("events must name at least one kind or kind.STATUS (workflow, task, workflow.COMPLETED)") }
        var selectors: [ChangeSelector] = []
        for event in events {
            guard let selector = ChangeSelector(event) else {
                throw .invalid("events: unknown event '\(event)'; use workflow, task, workflow.<WorkflowStatus> or task.<TaskStatus>")
            }
            selectors.append(selector)
        }
        if let workflowNames, workflowNames.contains(where: \.isEmpty) { throw .invalid("workflowNames must not contain empty names") }
        guard !secret.isEmpty else { throw .invalid("secret must not be empty: it keys the X-Baton-Signature HMAC") }
        let webhook = Webhook(
            id: UUID().uuidString.lowercased(), url: url, events: selectors, workflowNames: workflowNames, secret: secret,
            createTime: clock.now())
        try await storeCall { try await store.createWebhook(webhook) }
        signals.ring(WebhookService.wakeUp)
        return webhook
    }

    public func webhooks() async throws(EngineError) -> [Webhook] {
        try await storeCall { try await store.webhooks() }
    }

    public func webhook(id: String) async throws(EngineError) -> Webhook {
        guard let webhook = try await storeCall({ try await store.webhook(id: id) }) else {
            throw .notFound("No such webhook: \(id)")
        }
        return webhook
    }

    public func deleteWebhook(id: String) async throws(EngineError) {
        guard try await storeCall({ try await store.deleteWebhook(id: id) }) else { throw .notFound("No such webhook: \(id)") }
    }

    /// The newest `limit` delivery attempts to webhook `id`, newest first.
    public func webhookDeliveries(id: String, limit: Int) async throws(EngineError) -> [DeliveryAttempt] {
        _ = try await webhook(id: id)
        return try await storeCall { try await store.deliveries(webhookId: id, limit: limit) }
    }
}
