/// A registered webhook: where matching change events are POSTed, signed with `secret`.
public struct Webhook: Sendable, Hashable, Codable {
    public var id: String
    public var url: String
    /// Which events: kinds (`workflow`, `task`) or kinds with a status (`workflow.COMPLETED`).
    public var events: [ChangeSelector]
    /// Only events of these workflow names, when set.
    public var workflowNames: [String]?
    /// The HMAC-SHA256 key of the `X-Baton-Signature` header.
    public var secret: String
    /// When it was registered, epoch milliseconds.
    public var createTime: Int

    public init(id: String, url: String, events: [ChangeSelector], workflowNames: [String]?, secret: String, createTime: Int) {
        self.id = id
        self.url = url
        self.events = events
        self.workflowNames = workflowNames
        self.secret = secret
        self.createTime = createTime
    }

    /// The events this webhook is sent.
    public var filter: ChangeFilter { ChangeFilter(workflowNames: workflowNames, selectors: events) }
}

/// A delivery's place in the change log: where a webhook's loop continues, and which workflows
/// are blocked behind an event that could not be delivered yet.
public struct WebhookProgress: Sendable, Hashable {
    /// Every event up to here was delivered, parked or not for this webhook.
    public var cursor: Int64
    /// Events waiting for a retry, oldest first within each workflow.
    public var parked: [ParkedDelivery]

    public init(cursor: Int64, parked: [ParkedDelivery]) {
        self.cursor = cursor
        self.parked = parked
    }
}

/// An event a webhook could not deliver yet, or that waits behind one of its workflow that could
/// not: its workflow's later events queue behind it, so that each workflow's order holds.
public struct ParkedDelivery: Sendable, Hashable {
    public var sequence: Int64
    public var workflowId: String
    /// The request body (the event as JSON), as it is sent on every attempt.
    public var body: String
    /// Attempts made so far.
    public var attempts: Int
    /// When the first attempt was made (epoch milliseconds); 0 before any.
    public var firstAttemptTime: Int
    /// When the next attempt is due.
    public var nextAttemptTime: Int

    public init(sequence: Int64, workflowId: String, body: String, attempts: Int, firstAttemptTime: Int, nextAttemptTime: Int) {
        self.sequence = sequence
        self.workflowId = workflowId
        self.body = body
        self.attempts = attempts
        self.firstAttemptTime = firstAttemptTime
        self.nextAttemptTime = nextAttemptTime
    }
}

/// One attempt to deliver an event to a webhook, as the delivery log shows it.
public struct DeliveryAttempt: Sendable, Hashable, Codable {
    public var seq: Int64
    public var workflowId: String
    /// The attempt's number for this event, from 1.
    public var attempt: Int
    /// The HTTP status the endpoint answered, if it answered.
    public var statusCode: Int?
    /// Why the attempt failed without an answer (connection refused, timeout), or that it was given up.
    public var error: String?
    public var time: Int
    /// Whether the event counts as delivered (a 2xx answer).
    public var delivered: Bool

    public init(seq: Int64, workflowId: String, attempt: Int, statusCode: Int?, error: String?, time: Int, delivered: Bool) {
        self.seq = seq
        self.workflowId = workflowId
        self.attempt = attempt
        self.statusCode = statusCode
        self.error = error
        self.time = time
        self.delivered = delivered
    }
}

/// What one step of a webhook's loop changes, written together under the loop's lease.
public struct WebhookUpdate: Sendable {
    public var webhookId: String
    /// The lease holder writing.
    public var owner: String
    /// The new cursor, when it moved.
    public var cursor: Int64?
    /// Parked events to insert or replace (by sequence number).
    public var park: [ParkedDelivery]
    /// Parked events now done with (delivered or given up), by sequence number.
    public var unpark: [Int64]
    /// Attempts to add to the delivery log.
    public var attempts: [DeliveryAttempt]
    /// The lease is extended to here.
    public var leasedUntil: Int

    public init(
        webhookId: String, owner: String, cursor: Int64? = nil, park: [ParkedDelivery] = [], unpark: [Int64] = [],
        attempts: [DeliveryAttempt] = [], leasedUntil: Int
    ) {
        self.webhookId = webhookId
        self.owner = owner
        self.cursor = cursor
        self.park = park
        self.unpark = unpark
        self.attempts = attempts
        self.leasedUntil = leasedUntil
    }
}
