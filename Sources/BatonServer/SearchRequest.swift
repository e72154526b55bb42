import BatonModel
import BatonStore
import Foundation
import Hummingbird

/// The parameters of `GET /api/workflow/search`: paging, sort, free text and Conductor's query
/// grammar (`workflowType IN (a,b) AND status = RUNNING AND startTime > 1700000000000`).
struct SearchRequest {
    var query: ExecutionQuery

    init(_ request: Request) throws {
        query = ExecutionQuery()
        query.offset = try request.queryInt("start", default: 0, in: 0...Int.max) ?? 0
        query.limit = try request.queryInt("size", default: 100, in: 0...5000) ?? 100
        query.freeText = request.query("freeText")
        if let sort = request.query("sort") { query.sort = try Self.sortKeys(sort) }
        if let text = request.query("query") { try Self.apply(text, to: &query) }
    }

    static func sortKeys(_ text: String) throws -> [ExecutionQuery.SortKey] {
        try text.split(separator: "|").flatMap { $0.split(separator: ",") }.map { part in
            let pieces = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = pieces.first, let field = ExecutionQuery.SortKey.Field(rawValue: name) else {
                throw APIError.badRequest("cannot sort by '\(part)'; sortable fields: \(ExecutionQuery.SortKey.Field.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let direction = pieces.count > 1 ? pieces[1].uppercased() : "ASC"
            guard direction == "ASC" || direction == "DESC" else {
                throw APIError.badRequest("sort direction must be ASC or DESC (got '\(pieces[1])')")
            }
            return ExecutionQuery.SortKey(field: field, ascending: direction == "ASC")
        }
    }

    /// Applies each `field op value` clause of `text` (joined by AND) to `query`.
    static func apply(_ text: String, to query: inout ExecutionQuery) throws {
        let clauses = text.components(separatedBy: " AND ").map { $0.trimmingCharacters(in: .whitespaces) }
        for clause in clauses where !clause.isEmpty {
            let (field, op, values) = try parse(clause)
            func single() throws -> String {
                guard values.count == 1 else { throw APIError.badRequest("'\(clause)': \(field) takes one value") }
                return values[0]
            }
            func time() throws -> Int {
                let value = try single()
                guard let millis = Int(value) else { throw APIError.badRequest("'\(clause)': '\(value)' is not epoch milliseconds") }
                return millis
            }
            switch (field, op) {
            case ("workflowType", "="), ("workflowType", "IN"): query.workflowNames = values
            case ("workflowId", "="), ("workflowId", "IN"): query.workflowIds = values
            case ("correlationId", "="), ("correlationId", "IN"): query.correlationIds = values
            case ("status", "="), ("status", "IN"):
                query.statuses = try values.map { value in
                    guard let status = WorkflowStatus(rawValue: value.uppercased()) else {
                        throw APIError.badRequest("'\(clause)': unknown status '\(value)'")
                    }
                    return status
                }
            case ("version", "="): query.version = Int(try single())
            case ("startTime", ">"): query.startedAfter = try time()
            case ("startTime", "<"): query.startedBefore = try time()
            default:
                throw APIError.badRequest("'\(clause)': cannot search by \(field) \(op); use workflowType, workflowId, correlationId, status (= or IN), version (=) or startTime (> or <)")
            }
        }
    }

    /// Splits `field op value` where op is `=`, `>`, `<` or `IN (a,b)`; quotes around values are dropped.
    static func parse(_ clause: String) throws -> (String, String, [String]) {
        let pattern = #"^([A-Za-z]+)\s*(=|>|<|\s+IN\s+)\s*(.+)$"#
        let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        guard let result = regex.firstMatch(in: clause, range: NSRange(clause.startIndex..., in: clause)) else {
            throw APIError.badRequest(
                "cannot read query clause '\(clause)'; expected field = value, field > value, field < value or field IN (a,b)")
        }
        func group(_ index: Int) -> String {
            String(clause[Range(result.range(at: index), in: clause)!]).trimmingCharacters(in: .whitespaces)
        }
        let op = group(2).uppercased()
        var value = group(3)
        if op == "IN" {
            guard value.hasPrefix("("), value.hasSuffix(")") else {
                throw APIError.badRequest("'\(clause)': IN takes a list in parentheses, like IN (a,b)")
            }
            value = String(value.dropFirst().dropLast())
        }
        let values = value.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }.filter { !$0.isEmpty }
        guard !values.isEmpty else { throw APIError.badRequest("'\(clause)': no value given") }
        return (group(1), op, values)
    }
}

extension WorkflowSummary {
    /// The summary of an execution, as search results show it.
    init(_ workflow: Workflow) {
        self.init(
            workflowType: workflow.workflowName, version: workflow.workflowVersion, workflowId: workflow.workflowId,
            correlationId: workflow.correlationId, startTime: Self.isoTime(workflow.startTime),
            updateTime: Self.isoTime(workflow.updateTime),
            endTime: workflow.endTime > 0 ? Self.isoTime(workflow.endTime) : nil, status: workflow.status,
            input: JSONValue.object(workflow.input).compactText, output: JSONValue.object(workflow.output).compactText,
            reasonForIncompletion: workflow.reasonForIncompletion,
            executionTime: workflow.endTime > 0 ? workflow.endTime - workflow.startTime : 0,
            failedReferenceTaskNames: workflow.failedReferenceTaskNames.joined(separator: ","), priority: workflow.priority)
    }

    static func isoTime(_ millis: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
