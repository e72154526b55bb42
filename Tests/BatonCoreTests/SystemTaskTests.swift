import Testing
@testable import BatonCore
import BatonModel

/// Helpers shared by the tests of the one-step system types.
func oneStep(_ step: String, then next: Bool = true) throws -> WorkflowDef {
    try workflowDef(#"{"name": "one", "tasks": [\#(step)\#(next ? #", {"name": "after", "taskReferenceName": "after"}"# : "")]}"#)
}
