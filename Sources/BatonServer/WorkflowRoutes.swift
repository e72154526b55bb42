import BatonEngine
import BatonModel
import BatonStore
import Hummingbird

/// `/api/workflow`: starting, reading, searching and operating executions.
struct WorkflowRoutes {
    let engine: Engine
    let reader: RequestReader

    func register(on router: Router<BasicRequestContext>) {
        let workflows = router.group("api/workflow")
        workflows.post { request, _ in
            let start = try await reader.decode(StartWorkflowRequest.self, from: request, what: "start workflow request")
            guard !start.name.isEmpty || start.workflowDef != nil else {
                throw APIError.badRequest("invalid start workflow request: missing field 'name'")
            }
            return JSONResponse.text(try await engine.start(start).workflowId)
        }
        workflows.post("{id}") { request, context in
            var start = StartWorkflowRequest(name: try context.parameters.path("id"))
            start.version = try request.queryInt("version", in: 1...Int.max)
            start.correlationId = request.query("correlationId")
            start.priority = try request.queryInt("priority", in: 0...99)
            start.idempotencyKey = request.query("idempotencyKey")
            if let strategy = request.query("idempotencyStrategy") {
                guard let parsed = IdempotencyStrategy(rawValue: strategy) else {
                    throw APIError.badRequest("idempotencyStrategy must be FAIL, RETURN_EXISTING or FAIL_ON_RUNNING (got '\(strategy)')")
                }
                start.idempotencyStrategy = parsed
            }
            start.input = try await reader.decode([String: JSONValue].self, from: request, what: "workflow input")
            return JSONResponse.text(try await engine.start(start).workflowId)
        }
        workflows.post("execute/{name}/{version}") { request, context in
            var start = try await reader.decode(StartWorkflowRequest.self, from: request, what: "start workflow request")
            start.name = try context.parameters.path("name")
            guard let version = Int(try context.parameters.path("version")), version >= 0 else {
                throw APIError.badRequest("version must be a non-negative integer")
            }
            start.version = version == 0 ? nil : version
            let seconds = try request.queryInt("waitForSeconds", default: 10, in: 0...300) ?? 10
            let workflow = try await engine.execute(
                start, waitUntil: Set(request.queryList("waitUntilTaskRef")), timeout: .seconds(seconds))
            return try JSONResponse.make(WorkflowRun(workflow, requestId: request.query("requestId")))
        }
        workflows.get("search") { request, _ in
            let page = try await engine.search(try SearchRequest(request).query)
            return try JSONResponse.make(SearchResult(totalHits: page.totalHits, results: page.results.map(WorkflowSummary.init)))
        }
        workflows.get("search-v2") { request, _ in
            try JSONResponse.make(try await engine.search(try SearchRequest(request).query))
        }
        workflows.get("running/{name}") { request, context in
            let query = ExecutionQuery(
                workflowNames: [try context.parameters.path("name")],
                version: try request.queryInt("version", default: 1, in: 1...Int.max), statuses: [.running],
                startedAfter: try request.queryInt("startTime"), startedBefore: try request.queryInt("endTime"),
                limit: 10_000)
            return try JSONResponse.make(try await engine.search(query).results.map(\.workflowId))
        }
        workflows.get("{id}/correlated/{correlationId}") { request, context in
            let found = try await correlated(
                name: try context.parameters.path("id"), ids: [try context.parameters.path("correlationId")], request)
            return try JSONResponse.make(found.values.first ?? [])
        }
        workflows.post("{id}/correlated") { request, context in
            let ids = try await reader.decode([String].self, from: request, what: "correlation id list")
            return try JSONResponse.make(try await correlated(name: try context.parameters.path("id"), ids: ids, request))
        }
        workflows.get("{id}") { request, context in
            var workflow = try await engine.workflow(id: try context.parameters.path("id"))
            if try !request.queryBool("includeTasks", default: true) { workflow.tasks = [] }
            return try JSONResponse.make(workflow)
        }
        workflows.get("{id}/status") { request, context in
            let workflow = try await engine.workflow(id: try context.parameters.path("id"))
            let status = WorkflowStatusSummary(
                workflowId: workflow.workflowId, correlationId: workflow.correlationId,
                output: try request.queryBool("includeOutput", default: false) ? workflow.output : nil,
                variables: try request.queryBool("includeVariables", default: false) ? workflow.variables : nil,
                status: workflow.status)
            return try JSONResponse.make(status)
        }
        workflows.put("{id}/pause") { _, context in
            try await engine.pause(try context.parameters.path("id"))
            return JSONResponse.ok
        }
        workflows.put("{id}/resume") { _, context in
            try await engine.resume(try context.parameters.path("id"))
            return JSONResponse.ok
        }
        workflows.delete("{id}") { request, context in
            try await engine.terminate(
                try context.parameters.path("id"), reason: request.query("reason"),
                compensate: try request.queryBool("compensate", default: false),
                triggerFailureWorkflow: try request.queryBool("triggerFailureWorkflow", default: false))
            return JSONResponse.ok
        }
        workflows.delete("{id}/remove") { _, context in
            try await engine.remove(try context.parameters.path("id"))
            return JSONResponse.ok
        }
        workflows.post("{id}/retry") { request, context in
            try await engine.retry(
                try context.parameters.path("id"),
                resumeSubworkflowTasks: try request.queryBool("resumeSubworkflowTasks", default: false))
            return JSONResponse.noContent
        }
        workflows.post("{id}/restart") { request, context in
            try await engine.restart(
                try context.parameters.path("id"),
                useLatestDefinition: try request.queryBool("useLatestDefinitions", default: false))
            return JSONResponse.noContent
        }
        workflows.post("{id}/rerun") { request, context in
            let id = try context.parameters.path("id")
            try await engine.rerun(id, try await reader.decode(RerunWorkflowRequest.self, from: request, what: "rerun request"))
            return JSONResponse.text(id)
        }
        workflows.put("{id}/skiptask/{taskReferenceName}") { request, context in
            // Conductor binds this request from the query; clients send `{}` as the body.
            let body = try await reader.body(of: request)
            let skip = body.readableBytes > 2 ? try reader.decode(SkipTaskRequest.self, from: body, what: "skip task request") : SkipTaskRequest()
            try await engine.skipTask(
                try context.parameters.path("id"), referenceName: try context.parameters.path("taskReferenceName"), skip)
            return JSONResponse.ok
        }
    }

    private func correlated(name: String, ids: [String], _ request: Request) async throws -> [String: [Workflow]] {
        let includeClosed = try request.queryBool("includeClosed", default: false)
        let includeTasks = try request.queryBool("includeTasks", default: false)
        let page = try await engine.search(
            ExecutionQuery(
                workflowNames: [name], statuses: includeClosed ? nil : [.running], correlationIds: ids, limit: 10_000))
        var found: [String: [Workflow]] = Dictionary(uniqueKeysWithValues: ids.map { ($0, []) })
        for summary in page.results {
            let workflow = includeTasks ? try await engine.workflow(id: summary.workflowId) : summary
            found[workflow.correlationId ?? "", default: []].append(workflow)
        }
        return found
    }
}

/// `GET /api/workflow/{id}/status`.
struct WorkflowStatusSummary: Codable {
    var workflowId: String
    var correlationId: String?
    var output: [String: JSONValue]?
    var variables: [String: JSONValue]?
    var status: WorkflowStatus
}

/// The answer of synchronous execution (Conductor's `WorkflowRun`).
struct WorkflowRun: Codable {
    var workflowId: String
    var requestId: String?
    var correlationId: String?
    var input: [String: JSONValue]
    var output: [String: JSONValue]
    var createTime: Int
    var updateTime: Int
    var status: WorkflowStatus
    var tasks: [Task]
    var variables: [String: JSONValue]
    var priority: Int
    var createdBy: String?
    var responseType = "TARGET_WORKFLOW"
    var targetWorkflowId: String
    var targetWorkflowStatus: WorkflowStatus

    init(_ workflow: Workflow, requestId: String?) {
        workflowId = workflow.workflowId
        self.requestId = requestId
        correlationId = workflow.correlationId
        input = workflow.input
        output = workflow.output
        createTime = workflow.createTime
        updateTime = workflow.updateTime
        status = workflow.status
        tasks = workflow.tasks
        variables = workflow.variables
        priority = workflow.priority
        createdBy = workflow.createdBy
        targetWorkflowId = workflow.workflowId
        targetWorkflowStatus = workflow.status
    }
}
