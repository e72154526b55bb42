import BatonCore
import BatonModel

extension StoredChange: Encodable {
    private enum Key: String, CodingKey {
        case seq, type, time, workflowId, workflowName, workflowVersion, correlationId, status
        case taskId, taskReferenceName, taskType, data
    }

    /// The wire shape of the change feed and of webhook bodies:
    /// `{"seq", "type", "time", "workflowId", "workflowName", "workflowVersion", "correlationId",
    /// "status", "taskId"?, "taskReferenceName"?, "taskType"?, "data"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(sequence, forKey: .seq)
        try container.encode(event.kind.rawValue, forKey: .type)
        try container.encode(event.time, forKey: .time)
        try container.encode(event.workflowId, forKey: .workflowId)
        try container.encode(event.workflowName, forKey: .workflowName)
        try container.encode(event.workflowVersion, forKey: .workflowVersion)
        try container.encode(event.correlationId, forKey: .correlationId)
        try container.encode(event.status, forKey: .status)
        try container.encodeIfPresent(event.taskId, forKey: .taskId)
        try container.encodeIfPresent(event.taskReferenceName, forKey: .taskReferenceName)
        try container.encodeIfPresent(event.taskType, forKey: .taskType)
        try container.encode(event.data ?? [:], forKey: .data)
    }
}

extension StoredChange: Decodable {
    private enum DecodeKey: String, CodingKey {
        case seq, type, time, workflowId, workflowName, workflowVersion, correlationId, status
        case taskId, taskReferenceName, taskType, data
    }

    /// Reads the wire shape that ``encode(to:)`` writes (a webhook receiver's or a feed reader's view).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DecodeKey.self)
        let kind = try container.decode(ChangeEvent.Kind.self, forKey: .type)
        self.init(
            sequence: try container.decode(Int64.self, forKey: .seq),
            event: ChangeEvent(
                kind: kind, time: try container.decode(Int.self, forKey: .time),
                workflowId: try container.decode(String.self, forKey: .workflowId),
                workflowName: try container.decode(String.self, forKey: .workflowName),
                workflowVersion: try container.decode(Int.self, forKey: .workflowVersion),
                correlationId: try container.decodeIfPresent(String.self, forKey: .correlationId),
                status: try container.decode(String.self, forKey: .status),
                taskId: try container.decodeIfPresent(String.self, forKey: .taskId),
                taskReferenceName: try container.decodeIfPresent(String.self, forKey: .taskReferenceName),
                taskType: try container.decodeIfPresent(String.self, forKey: .taskType),
                data: try container.decodeIfPresent([String: JSONValue].self, forKey: .data)))
    }
}
