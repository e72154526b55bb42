import BatonEngine
import BatonModel
import Hummingbird

/// `/api/metadata`: task and workflow definitions.
struct MetadataRoutes {
    let engine: Engine
    let reader: RequestReader

    func register(on router: Router<BasicRequestContext>) {
        let taskDefs = router.group("api/metadata/taskdefs")
        taskDefs.post { request, _ in
            try await engine.saveTaskDefs(try await reader.decode([TaskDef].self, from: request, what: "task definition list"))
            return JSONResponse.ok
        }
        taskDefs.put { request, _ in
            try await engine.updateTaskDef(try await reader.decode(TaskDef.self, from: request, what: "task definition"))
            return JSONResponse.ok
        }
        taskDefs.get { _, _ in try JSONResponse.make(try await engine.taskDefs()) }
        taskDefs.get("{name}") { _, context in
            let name = try context.parameters.path("name")
            guard let definition = try await engine.taskDef(named: name) else {
                throw APIError.notFound("No such taskType found by name: \(name)")
            }
            return try JSONResponse.make(definition)
        }
        taskDefs.delete("{name}") { _, context in
            try await engine.deleteTaskDef(named: try context.parameters.path("name"))
            return JSONResponse.ok
        }

        let workflows = router.group("api/metadata/workflow")
        workflows.post { request, _ in
            let definition = try await reader.decode(WorkflowDef.self, from: request, what: "workflow definition")
            try await engine.saveWorkflowDef(definition, overwrite: try request.queryBool("overwrite", default: false))
            return JSONResponse.ok
        }
        workflows.put { request, _ in
            let definitions = try await reader.decode([WorkflowDef].self, from: request, what: "workflow definition list")
            // Validate all before saving any, so that one bad definition changes nothing.
            for definition in definitions { try await engine.checkWorkflowDef(definition) }
            for definition in definitions { try await engine.saveWorkflowDef(definition, overwrite: true) }
            return try JSONResponse.make(BulkResponse(bulkSuccessfulResults: definitions.map(\.name), bulkErrorResults: [:]))
        }
        workflows.get { _, _ in try JSONResponse.make(try await engine.workflowDefs()) }
        workflows.get("{name}") { request, context in
            let version = try request.queryInt("version", in: 1...Int.max)
            return try JSONResponse.make(try await engine.workflowDef(named: try context.parameters.path("name"), version: version))
        }
        workflows.delete("{name}/{version}") { _, context in
            guard let version = Int(try context.parameters.path("version")) else {
                throw APIError.badRequest("version must be an integer")
            }
            try await engine.deleteWorkflowDef(named: try context.parameters.path("name"), version: version)
            return JSONResponse.ok
        }
    }
}

/// Conductor's answer to a bulk operation.
struct BulkResponse: Codable {
    var bulkSuccessfulResults: [String]
    var bulkErrorResults: [String: String]
}
