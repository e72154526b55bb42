public import BatonModel

/// SUB_WORKFLOW steps: their own fields, and the registered workflows they name.
extension DefinitionValidator {
    /// A SUB_WORKFLOW needs `subWorkflowParam` with a `name` or an inline `workflowDefinition`,
    /// which must itself be valid.
    static func checkSubWorkflow(_ step: WorkflowTask, at place: String) throws(DefinitionError) {
        guard let params = step.subWorkflowParam else {
            throw DefinitionError("\(place): SUB_WORKFLOW needs subWorkflowParam")
        }
        if let inline = params.workflowDefinition {
            do { try validate(inline) } catch { throw DefinitionError("\(place): subWorkflowParam.workflowDefinition: \(error.message)") }
        } else if (params.name ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw DefinitionError("\(place): SUB_WORKFLOW needs subWorkflowParam.name")
        }
        if let version = params.version, version < 1 {
            throw DefinitionError("\(place): subWorkflowParam.version must be at least 1 (got \(version))")
        }
    }

    /// A registered workflow a SUB_WORKFLOW step names, with where the step sits.
    public struct SubWorkflowReference: Sendable, Hashable {
        public var name: String
        public var version: Int?
        /// The step's reference name, for the error message.
        public var taskReferenceName: String
    }

    /// The registered workflows that `definition`'s SUB_WORKFLOW steps name, at any depth (inline
    /// child definitions included), so that the engine can check they exist before saving it.
    /// A step that carries its definition inline, or names `definition` itself, needs none.
    public static func subWorkflowReferences(in definition: WorkflowDef) -> [SubWorkflowReference] {
        var found: [SubWorkflowReference] = []
        func visit(_ steps: [WorkflowTask], in owner: WorkflowDef) {
            for step in steps {
                if step.taskType == .subWorkflow, let params = step.subWorkflowParam {
                    if let inline = params.workflowDefinition {
                        visit(inline.tasks, in: inline)
                    } else if let name = params.name, !name.contains("${"), name != owner.name {
                        found.append(SubWorkflowReference(name: name, version: params.version, taskReferenceName: step.taskReferenceName))
                    }
                }
                for (_, children) in Blueprint.children(of: step) { visit(children, in: owner) }
            }
        }
        visit(definition.tasks, in: definition)
        return found
    }

    /// Whether `value` holds a `${...}` expression anywhere, so that it can only be checked at run time.
    static func holdsExpression(_ value: JSONValue?) -> Bool {
        switch value {
        case .string(let text)?: text.contains("${")
        case .array(let elements)?: elements.contains { holdsExpression($0) }
        case .object(let members)?: members.values.contains { holdsExpression($0) }
        default: false
        }
    }
}
