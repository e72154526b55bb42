import BatonModel
import BatonStore
import Foundation
import Hummingbird

/// The parameters of a search (`GET /api/workflow/search`, `/api/tasks/search` and their `-v2`):
/// `start` and `size` for paging, `sort`, `freeText` and `query` in Conductor's grammar
/// (`workflowType IN (a,b) AND (status = RUNNING OR startTime > 1700000000000)`).
struct SearchRequest<Field: SearchField> {
    var query: SearchQuery<Field>

    init(_ request: Request) throws {
        query = SearchQuery()
        query.offset = try request.queryInt("start", default: 0, in: 0...Int.max) ?? 0
        query.limit = try request.queryInt("size", default: 100, in: 0...5000) ?? 100
        query.freeText = request.query("freeText")
        do {
            // Conductor's clients repeat `sort` (`sort=name&sort=workflowId:DESC`); one may also list several.
            query.sort = try SearchQueryParser<Field>.sortKeys(request.queryValues("sort").joined(separator: ","))
        } catch {
            throw APIError.badRequest("invalid sort: \(error.message)")
        }
        do {
            query.filter = try SearchQueryParser<Field>.parse(request.query("query") ?? "")
        } catch {
            throw APIError.badRequest("invalid query: \(error.message)")
        }
    }
}

extension WorkflowSummary {
    /// The summary of an execution, as search results show it.
    init(_ workflow: Workflow) {
        self.init(
            workflowType: workflow.workflowName, version: workflow.workflowVersion, workflowId: workflow.workflowId,
            correlationId: workflow.correlationId, startTime: ISOTime.text(workflow.startTime),
            updateTime: ISOTime.text(workflow.updateTime),
            endTime: workflow.endTime > 0 ? ISOTime.text(workflow.endTime) : nil, status: workflow.status,
            input: JSONValue.object(workflow.input).compactText, output: JSONValue.object(workflow.output).compactText,
            reasonForIncompletion: workflow.reasonForIncompletion,
            executionTime: workflow.endTime > 0 ? workflow.endTime - workflow.startTime : 0,
            failedReferenceTaskNames: workflow.failedReferenceTaskNames.joined(separator: ","), priority: workflow.priority)
    }
}

extension TaskSummary {
    /// The summary of a task attempt, as task search results show it.
    init(_ task: Task) {
        func time(_ millis: Int) -> String? { millis > 0 ? ISOTime.text(millis) : nil }
        self.init(
            taskId: task.taskId, taskType: task.taskType, taskDefName: task.taskDefName,
            referenceTaskName: task.referenceTaskName, workflowId: task.workflowInstanceId,
            workflowType: task.workflowType, correlationId: task.correlationId, scheduledTime: time(task.scheduledTime),
            startTime: time(task.startTime), updateTime: time(task.updateTime), endTime: time(task.endTime),
            status: task.status, reasonForIncompletion: task.reasonForIncompletion,
            executionTime: task.endTime > 0 && task.startTime > 0 ? task.endTime - task.startTime : 0,
            queueWaitTime: task.startTime > 0 ? task.startTime - task.scheduledTime : 0,
            input: JSONValue.object(task.inputData).compactText, output: JSONValue.object(task.outputData).compactText,
            workflowPriority: task.workflowPriority, domain: task.domain)
    }
}

/// Times as search summaries show them: ISO-8601 in UTC with milliseconds.
enum ISOTime {
    static func text(_ millis: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
