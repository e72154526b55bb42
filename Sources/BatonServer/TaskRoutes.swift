import BatonEngine
import BatonModel
import Hummingbird

/// `/api/tasks`: polls, reports, logs and queue facts for workers.
struct TaskRoutes {
    let engine: Engine
    let reader: RequestReader

    /// Conductor refuses long polls over five seconds.
    static let maxPollTimeoutMillis = 5000
    static let maxPollCount = 1000

    func register(on router: Router<BasicRequestContext>) {
        let tasks = router.group("api/tasks")
        tasks.get("poll/batch/{taskType}") { request, context in
            let polled = try await engine.poll(
                taskType: try context.parameters.path("taskType"), domain: request.query("domain"),
                workerId: request.query("workerid"),
                count: try request.queryInt("count", default: 1, in: 1...Self.maxPollCount) ?? 1,
                timeout: .milliseconds(try request.queryInt("timeout", default: 100, in: 0...Self.maxPollTimeoutMillis) ?? 100))
            return try JSONResponse.make(polled)
        }
        tasks.get("poll/{taskType}") { request, context in
            let polled = try await engine.poll(
                taskType: try context.parameters.path("taskType"), domain: request.query("domain"),
                workerId: request.query("workerid"), count: 1, timeout: .milliseconds(100))
            guard let task = polled.first else { return JSONResponse.noContent }
            return try JSONResponse.make(task)
        }
        tasks.post { request, _ in
            let result = try await decodeResult(request)
            try await engine.update(result)
            return JSONResponse.text(result.taskId)
        }
        tasks.post("update-v2") { request, _ in
            guard let next = try await engine.updateAndPoll(try await decodeResult(request)) else {
                return JSONResponse.noContent
            }
            return try JSONResponse.make(next)
        }
        tasks.post("{id}/{refOrStatus}/{status}") { request, context in
            guard let task = try await updateByReference(request, context) else { return JSONResponse.ok }
            return JSONResponse.text(task.taskId)
        }
        tasks.post("{id}/{refOrStatus}/{status}/sync") { request, context in
            let workflowId = try context.parameters.path("id")
            guard try await updateByReference(request, context) != nil else {
                throw APIError.notFound("No pending task '\(try context.parameters.path("refOrStatus"))' in workflow \(workflowId)")
            }
            return try JSONResponse.make(try await engine.workflow(id: workflowId))
        }
        tasks.post("{id}/{refOrStatus}/signal") { request, context in
            _ = try await signal(request, context)
            return JSONResponse.ok
        }
        tasks.post("{id}/{refOrStatus}/signal/sync") { request, context in
            guard let signalled = try await signal(request, context) else {
                throw APIError.notFound("Workflow \(try context.parameters.path("id")) has no task waiting for a signal")
            }
            return try JSONResponse.make(WorkflowRun(signalled, requestId: request.query("requestId")))
        }
        tasks.get("queue/sizes") { request, _ in
            let sizes = try await engine.queueSizes()
            let types = request.queryList("taskType")
            return try JSONResponse.make(Dictionary(uniqueKeysWithValues: types.map { ($0, sizes[$0] ?? 0) }))
        }
        tasks.get("search") { request, _ in
            let page = try await engine.searchTasks(try SearchRequest(request).query)
            return try JSONResponse.make(SearchResult(totalHits: page.totalHits, results: page.results.map(TaskSummary.init)))
        }
        tasks.get("search-v2") { request, _ in
            try JSONResponse.make(try await engine.searchTasks(try SearchRequest(request).query))
        }
        tasks.get("queue/all") { _, _ in try JSONResponse.make(try await engine.queueSizes()) }
        tasks.get("queue/polldata") { request, _ in
            guard let taskType = request.query("taskType") else { throw APIError.badRequest("query parameter taskType is required") }
            return try JSONResponse.make(try await engine.pollData(taskType: taskType))
        }
        tasks.get("queue/polldata/all") { _, _ in try JSONResponse.make(try await engine.pollData(taskType: nil)) }
        tasks.get("{id}") { _, context in
            try JSONResponse.make(try await engine.task(id: try context.parameters.path("id")))
        }
        tasks.post("{id}/log") { request, context in
            try await engine.appendLog(taskId: try context.parameters.path("id"), line: try await reader.text(from: request))
            return JSONResponse.ok
        }
        tasks.get("{id}/log") { _, context in
            let logs = try await engine.taskLogs(taskId: try context.parameters.path("id"))
            return logs.isEmpty ? JSONResponse.noContent : try JSONResponse.make(logs)
        }
    }

    /// Completes (or fails) what a workflow waits on, with the body as output.
    private func signal(_ request: Request, _ context: BasicRequestContext) async throws -> Workflow? {
        // The second segment is the status here; the same position is a task reference in
        // `{id}/{ref}/{status}`, and one router position takes one parameter name.
        let statusName = try context.parameters.path("refOrStatus")
        guard let status = TaskStatus(rawValue: statusName), [.completed, .failed, .failedWithTerminalError].contains(status) else {
            throw APIError.badRequest("a signal's status must be COMPLETED, FAILED or FAILED_WITH_TERMINAL_ERROR (got '\(statusName)')")
        }
        let body = try await reader.body(of: request)
        let output = body.readableBytes == 0 ? [:] : try reader.decode([String: JSONValue].self, from: body, what: "signal output")
        return try await engine.signal(workflowId: try context.parameters.path("id"), status: status, output: output)
    }

    private func decodeResult(_ request: Request) async throws -> TaskResult {
        let result = try await reader.decode(TaskResult.self, from: request, what: "task result")
        guard !result.taskId.isEmpty else { throw APIError.badRequest("taskId must not be empty") }
        return result
    }

    private func updateByReference(_ request: Request, _ context: BasicRequestContext) async throws -> Task? {
        let statusName = try context.parameters.path("status")
        guard let status = TaskStatus(rawValue: statusName) else {
            throw APIError.badRequest("unknown task status '\(statusName)'")
        }
        let body = try await reader.body(of: request)
        let output = body.readableBytes == 0 ? [:] : try reader.decode([String: JSONValue].self, from: body, what: "task output")
        return try await engine.update(
            workflowId: try context.parameters.path("id"),
            referenceName: try context.parameters.path("refOrStatus"), status: status, output: output,
            workerId: request.query("workerid"))
    }
}
