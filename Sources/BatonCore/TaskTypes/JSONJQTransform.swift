import BatonModel

/// JSON_JQ_TRANSFORM: runs jq input `queryExpression` on the task's input and completes with
/// `result` (the first value jq produced, or null) and `resultList` (all of them). A jq error
/// fails the attempt with the error's message as its reason and in output `error`.
extension DecisionRun {
    mutating func scheduleJQTransform(_ draft: Draft) {
        let query = draft.input["queryExpression"]?.stringValue ?? ""
        do {
            let values = try environment.scripts.evaluateJQ(query, input: .object(draft.input))
            addSystemTask(draft, status: .completed, output: ["result": values.first ?? .null, "resultList": .array(values)])
        } catch {
            addSystemTask(draft, status: .failed, output: ["error": .string(error.message)], reason: error.message)
        }
    }
}
