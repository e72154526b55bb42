public import BatonModel

extension SearchResult<String> {
    /// The executions of a page of stored JSON, without their tasks, as a search answers.
    public func workflows() throws(StoreError) -> SearchResult<Workflow> {
        SearchResult<Workflow>(
            totalHits: totalHits,
            results: try results.map { json throws(StoreError) in
                var workflow = try JSONText.decode(Workflow.self, from: json)
                workflow.tasks = []
                return workflow
            })
    }

    /// The task attempts of a page of stored JSON.
    public func tasks() throws(StoreError) -> SearchResult<Task> {
        SearchResult<Task>(
            totalHits: totalHits, results: try results.map { json throws(StoreError) in try JSONText.decode(Task.self, from: json) })
    }
}
