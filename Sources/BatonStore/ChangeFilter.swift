public import BatonCore
import BatonModel

/// A kind of change event, optionally narrowed to one status: `workflow`, `task`,
/// `workflow.COMPLETED`, `task.FAILED`, `compensation.FAILED`.
public struct ChangeSelector: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: ChangeEvent.Kind
    /// A ``WorkflowStatus`` name for `workflow`, a ``TaskStatus`` name for `task`, a
    /// ``CompensationState/Phase`` name for `compensation`; `nil` for any.
    public var status: String?

    public init(kind: ChangeEvent.Kind, status: String? = nil) {
        self.kind = kind
        self.status = status
    }

    /// Reads `workflow`, `task`, `workflowStatusListener`, `compensation`, each optionally `.STATUS`;
    /// anything else is `nil`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let kind = ChangeEvent.Kind(rawValue: parts[0]) else { return nil }
        self.kind = kind
        guard parts.count == 2 else { return }
        let known: Bool
        switch kind {
        case .workflow: known = WorkflowStatus(rawValue: parts[1]) != nil
        case .task: known = TaskStatus(rawValue: parts[1]) != nil
        case .statusListener: known = WorkflowStatus(rawValue: parts[1])?.isTerminal == true
        case .compensation: known = CompensationState.Phase(rawValue: parts[1]) != nil
        }
        guard known else { return nil }
        status = parts[1]
    }

    public var description: String { status.map { "\(kind.rawValue).\($0)" } ?? kind.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let selector = ChangeSelector(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown event selector '\(text)'"))
        }
        self = selector
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public func matches(_ event: ChangeEvent) -> Bool {
        event.kind == kind && (status == nil || event.status == status)
    }
}

/// Which change events a reader wants. Each list that is set must contain the event's value;
/// an unset (`nil`) list lets every event through.
public struct ChangeFilter: Sendable, Hashable {
    public var workflowIds: [String]?
    public var workflowNames: [String]?
    public var correlationIds: [String]?
    public var selectors: [ChangeSelector]?

    public init(
        workflowIds: [String]? = nil, workflowNames: [String]? = nil, correlationIds: [String]? = nil,
        selectors: [ChangeSelector]? = nil
    ) {
        self.workflowIds = workflowIds
        self.workflowNames = workflowNames
        self.correlationIds = correlationIds
        self.selectors = selectors
    }

    /// Lets every event through.
    public static let all = ChangeFilter()

    public func matches(_ event: ChangeEvent) -> Bool {
        if let workflowIds, !workflowIds.contains(event.workflowId) { return false }
        if let workflowNames, !workflowNames.contains(event.workflowName) { return false }
        if let correlationIds, !correlationIds.contains(event.correlationId ?? "") { return false }
        if let selectors, !selectors.contains(where: { $0.matches(event) }) { return false }
        return true
    }
}

/// One page of the change log, read in one snapshot.
public struct ChangePage: Sendable, Hashable {
    /// The matching events, in sequence order.
    public var changes: [StoredChange]
    /// Where the next read continues: the sequence number of the last event returned when the
    /// page is full, otherwise the newest sequence number the log held when read (so that a
    /// reader whose filter matched nothing still moves on), and never less than the position asked for.
    public var lastSequence: Int64
    /// The newest sequence number retention has deleted, 0 when nothing was ever pruned: a reader
    /// positioned before it has missed events.
    public var prunedThrough: Int64

    public init(changes: [StoredChange], lastSequence: Int64, prunedThrough: Int64) {
        self.changes = changes
        self.lastSequence = lastSequence
        self.prunedThrough = prunedThrough
    }
}
