import BatonModel

/// SWITCH, and its legacy spelling DECISION: picks one case by evaluating an expression, runs
/// that case's steps (or `defaultCase`), then goes on after the switch.
///
/// - SWITCH: `evaluatorType` `value-param` reads the input parameter `expression` names;
///   `javascript` evaluates `expression` with `$` bound to the task's input.
/// - DECISION: `caseExpression` (JavaScript) if present, else the input parameter `caseValueParam`.
///
/// The attempt completes at once with `evaluationResult: [case]`; an expression that cannot be
/// evaluated fails it (control tasks are never retried).
extension DecisionRun {
    mutating func scheduleSwitch(_ draft: Draft) {
        let step = draft.step
        let value: JSONValue
        do {
            if step.taskType == .decision {
                if let script = step.caseExpression {
                    value = try evaluate(script, evaluatorType: "javascript", input: draft.input)
                } else {
                    value = draft.input[step.caseValueParam ?? ""] ?? .null
                }
            } else {
                value = try evaluate(step.expression ?? "", evaluatorType: step.evaluatorType, input: draft.input)
            }
        } catch {
            addSystemTask(draft, status: .failed, reason: "evaluating the case of '\(step.taskReferenceName)': \(error.message)")
            return
        }
        let selected = Self.caseName(of: value)
        var withCase = draft
        withCase.input["case"] = .string(selected)
        addSystemTask(withCase, status: .completed, output: [
            "evaluationResult": [.string(selected)],
            "selectedCase": .string(step.decisionCases?[selected] == nil ? "defaultCase" : selected),
        ])
    }

    /// Starts the case a completed switch attempt picked; `false` when that case has no steps.
    mutating func enterCase(of task: Task) -> Bool {
        let step = task.workflowTask
        let selected = task.outputData["evaluationResult"]?.arrayValue?.first?.stringValue ?? ""
        let steps = step.decisionCases?[selected] ?? step.defaultCase ?? []
        guard let first = steps.first else { return false }
        begin(first)
        return true
    }

    /// A case value as Conductor compares it: the value's text (`1`, `true`, `gold`).
    static func caseName(of value: JSONValue) -> String {
        if case .double(let number) = value, number.rounded() == number, abs(number) < 1e15 {
            return String(Int64(number))
        }
        return value.interpolationText
    }
}
