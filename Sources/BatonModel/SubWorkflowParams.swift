/// SUB_WORKFLOW: which workflow the step runs as a child (Conductor's `SubWorkflowParams`).
public struct SubWorkflowParams: Codable, Sendable, Hashable {
    /// The registered workflow to run; the inline definition's name wins when both are given.
    public var name: String?
    /// The version to run; the latest when `nil`.
    public var version: Int?
    /// A definition to run instead of a registered one.
    public var workflowDefinition: WorkflowDef?
    /// The child's task-to-domain map; the parent's when `nil`.
    public var taskToDomain: [String: String]?
    /// The child's priority (0 to 99); the parent's when `nil`.
    public var priority: Int?

    public init(name: String?, version: Int? = nil, workflowDefinition: WorkflowDef? = nil) {
        self.name = name
        self.version = version
        self.workflowDefinition = workflowDefinition
    }
}
