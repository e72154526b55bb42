/// One page of a search (Conductor's `SearchResult<T>`): the number of matches in all and this page of them.
public struct SearchResult<T> {
    /// How many items match the query, over all pages.
    public var totalHits: Int
    /// The items of the requested page.
    public var results: [T]

    public init(totalHits: Int, results: [T]) {
        self.totalHits = totalHits
        self.results = results
    }
}

extension SearchResult: Encodable where T: Encodable {}
extension SearchResult: Decodable where T: Decodable {}
extension SearchResult: Sendable where T: Sendable {}
extension SearchResult: Equatable where T: Equatable {}
extension SearchResult: Hashable where T: Hashable {}

/// A row of workflow search (Conductor's `WorkflowSummary`).
///
/// Unlike the runtime ``Workflow``, times are ISO-8601 strings in UTC (`yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`),
/// `input` and `output` are text, and `failedReferenceTaskNames` is one comma-joined string.
/// Decoding tolerates missing members (numbers default to 0), as Conductor's clients do.
public struct WorkflowSummary: Codable, Sendable, Hashable {
    public var workflowType: String
    public var version: Int
    public var workflowId: String
    public var correlationId: String?
    /// When the execution was created.
    public var startTime: String?
    public var updateTime: String?
    /// Set only once the execution has ended.
    public var endTime: String?
    public var status: WorkflowStatus
    public var input: String?
    public var output: String?
    public var reasonForIncompletion: String?
    /// Milliseconds from start to end; 0 while running.
    public var executionTime: Int
    /// The reference names of the failed tasks, comma-joined (`""` when none).
    public var failedReferenceTaskNames: String
    public var priority: Int

    public init(
        workflowType: String, version: Int, workflowId: String, correlationId: String? = nil,
        startTime: String? = nil, updateTime: String? = nil, endTime: String? = nil,
        status: WorkflowStatus, input: String? = nil, output: String? = nil,
        reasonForIncompletion: String? = nil, executionTime: Int = 0,
        failedReferenceTaskNames: String = "", priority: Int = 0
    ) {
        self.workflowType = workflowType
        self.version = version
        self.workflowId = workflowId
        self.correlationId = correlationId
        self.startTime = startTime
        self.updateTime = updateTime
        self.endTime = endTime
        self.status = status
        self.input = input
        self.output = output
        self.reasonForIncompletion = reasonForIncompletion
        self.executionTime = executionTime
        self.failedReferenceTaskNames = failedReferenceTaskNames
        self.priority = priority
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workflowType = try container.decode(String.self, forKey: .workflowType)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 0
        workflowId = try container.decode(String.self, forKey: .workflowId)
        correlationId = try container.decodeIfPresent(String.self, forKey: .correlationId)
        startTime = try container.decodeIfPresent(String.self, forKey: .startTime)
        updateTime = try container.decodeIfPresent(String.self, forKey: .updateTime)
        endTime = try container.decodeIfPresent(String.self, forKey: .endTime)
        status = try container.decode(WorkflowStatus.self, forKey: .status)
        input = try container.decodeIfPresent(String.self, forKey: .input)
        output = try container.decodeIfPresent(String.self, forKey: .output)
        reasonForIncompletion = try container.decodeIfPresent(String.self, forKey: .reasonForIncompletion)
        executionTime = try container.decodeIfPresent(Int.self, forKey: .executionTime) ?? 0
        failedReferenceTaskNames = try container.decodeIfPresent(String.self, forKey: .failedReferenceTaskNames) ?? ""
        priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? 0
    }
}
