import BatonModel

/// LAMBDA, Conductor's deprecated forerunner of INLINE: input `scriptExpression` is the body of a
/// JavaScript function, called with `$` bound to the task's input; the task completes with
/// `{result: value}`. An empty script or a script error fails the attempt.
extension DecisionRun {
    mutating func scheduleLambda(_ draft: Draft) {
        let body = draft.input["scriptExpression"]?.stringValue ?? ""
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            addSystemTask(draft, status: .failed, reason: "LAMBDA '\(draft.step.taskReferenceName)' needs a non-empty input scriptExpression")
            return
        }
        do {
            let value = try environment.scripts.evaluateJavaScript("(function () {\n\(body)\n})()", input: .object(draft.input))
            addSystemTask(draft, status: .completed, output: ["result": value])
        } catch {
            addSystemTask(draft, status: .failed, reason: error.message)
        }
    }
}
