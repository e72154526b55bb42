import BatonModel

/// INLINE: evaluates input `expression` (evaluatorType `javascript`, or `value-param`) with `$`
/// bound to the task's input and completes with `{result: value}`. A script error fails the
/// attempt with the error's message as its reason.
extension DecisionRun {
    mutating func scheduleInline(_ draft: Draft) {
        let expression = draft.input["expression"]?.stringValue ?? ""
        let evaluatorType = draft.input["evaluatorType"]?.stringValue ?? "javascript"
        do {
            let value = try evaluate(expression, evaluatorType: evaluatorType, input: draft.input)
            addSystemTask(draft, status: .completed, output: ["result": value])
        } catch {
            addSystemTask(draft, status: .failed, reason: error.message)
        }
    }
}
