import BatonEngine
import BatonStore
import Hummingbird

/// `/api/webhooks`: registering webhooks and reading their delivery logs.
struct WebhookRoutes {
    let engine: Engine
    let reader: RequestReader

    func register(on router: Router<BasicRequestContext>) {
        let webhooks = router.group("api/webhooks")
        webhooks.post { request, _ in
            let body = try await reader.decode(WebhookRequest.self, from: request, what: "webhook")
            let webhook = try await engine.registerWebhook(
                url: body.url, events: body.events, workflowNames: body.workflowNames, secret: body.secret ?? "")
            return try JSONResponse.make(WebhookView(webhook))
        }
        webhooks.get { _, _ in try JSONResponse.make(try await engine.webhooks().map(WebhookView.init)) }
        webhooks.get("{id}") { _, context in
            try JSONResponse.make(WebhookView(try await engine.webhook(id: try context.parameters.path("id"))))
        }
        webhooks.delete("{id}") { _, context in
            try await engine.deleteWebhook(id: try context.parameters.path("id"))
            return JSONResponse.ok
        }
        webhooks.get("{id}/deliveries") { request, context in
            let limit = try request.queryInt("limit", default: 100, in: 1...500) ?? 100
            return try JSONResponse.make(try await engine.webhookDeliveries(id: try context.parameters.path("id"), limit: limit))
        }
    }
}

/// The body of `POST /api/webhooks`.
struct WebhookRequest: Decodable {
    var url: String
    var events: [String]
    var workflowNames: [String]?
    var secret: String?
}

/// A webhook as the API shows it: everything but the secret.
struct WebhookView: Encodable {
    var id: String
    var url: String
    var events: [String]
    var workflowNames: [String]?
    var createTime: Int

    init(_ webhook: Webhook) {
        id = webhook.id
        url = webhook.url
        events = webhook.events.map(\.description)
        workflowNames = webhook.workflowNames
        createTime = webhook.createTime
    }
}
