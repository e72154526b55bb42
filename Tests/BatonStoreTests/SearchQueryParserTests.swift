import BatonStore
import Testing

@Suite("Search query grammar")
struct SearchQueryParserTests {
    typealias Workflows = SearchQueryParser<WorkflowField>

    @Test("comparisons, IN lists, quoted and bare values")
    func comparisons() throws {
        let parsed = try Workflows.parse(
            #"workflowType IN (a, "b c") AND status = running AND startTime > 1700000000000 AND correlationId = 'o-1'"#)
        #expect(parsed == .all([
            .oneOf(.workflowType, [.text("a"), .text("b c")]),
            .compare(.status, .equal, .text("RUNNING")),
            .compare(.startTime, .greater, .int(1_700_000_000_000)),
            .compare(.correlationId, .equal, .text("o-1")),
        ]))
        #expect(try Workflows.parse("version >= 2 and version <= 3 AND correlationId != x") == .all([
            .compare(.version, .greaterOrEqual, .int(2)), .compare(.version, .lessOrEqual, .int(3)),
            .compare(.correlationId, .notEqual, .text("x")),
        ]))
        #expect(try Workflows.parse(#"correlationId = 'it\'s'"#) == .compare(.correlationId, .equal, .text("it's")))
        #expect(try Workflows.parse("  ") == nil)
    }

    @Test("AND binds tighter than OR; parentheses group")
    func precedence() throws {
        let a = SearchExpression<WorkflowField>.compare(.workflowType, .equal, .text("a"))
        let b = SearchExpression<WorkflowField>.compare(.workflowType, .equal, .text("b"))
        let failed = SearchExpression<WorkflowField>.compare(.status, .equal, .text("FAILED"))
        #expect(try Workflows.parse("workflowType = a OR workflowType = b AND status = FAILED") == .any([a, .all([b, failed])]))
        #expect(try Workflows.parse("(workflowType = a OR workflowType = b) AND status = FAILED") == .all([.any([a, b]), failed]))
        #expect(try Workflows.parse("((workflowType = a))") == a)
    }

    @Test("task fields and their aliases")
    func taskFields() throws {
        #expect(try SearchQueryParser<TaskField>.parse("referenceTaskName = r1 OR taskRefName = r2") == .any([
            .compare(.taskRefName, .equal, .text("r1")), .compare(.taskRefName, .equal, .text("r2")),
        ]))
        #expect(try SearchQueryParser<TaskField>.parse("status IN (in_progress, SCHEDULED)") == .oneOf(.status, [.text("IN_PROGRESS"), .text("SCHEDULED")]))
    }

    @Test("a malformed query names the bad token and where it is", arguments: [
        ("workflowType = a ANDD status = RUNNING", "unexpected 'ANDD' at 18; expected AND, OR or the end of the query"),
        ("foo = 1", "unknown field 'foo' at 1; fields: workflowType, workflowId, correlationId, status, version, startTime, endTime, updateTime, parentWorkflowId, idempotencyKey"),
        ("correlationId = 'o-1", "unterminated quote at 17"),
        ("status = RUNNNING", "unknown status 'RUNNNING' at 10; statuses: RUNNING, COMPLETED, FAILED, TIMED_OUT, TERMINATED, PAUSED"),
        ("startTime > yesterday", "'yesterday' at 13 is not a number; startTime takes integers (times in epoch milliseconds)"),
        ("status > RUNNING", "'>' at 8 compares numbers; status is not one"),
        ("(workflowType = a", "unexpected end of query at 18; expected ')'"),
        ("workflowType = a)", "unexpected ')' at 17; expected AND, OR or the end of the query"),
        ("workflowType IN a", "unexpected 'a' at 17; expected '(' after IN"),
        ("workflowType IN (a b)", "unexpected 'b' at 20; expected ',' or ')'"),
        ("workflowType =", "unexpected end of query at 15; expected a value for workflowType"),
        ("workflowType = AND", "unexpected 'AND' at 16; expected a value for workflowType"),
        ("workflowType a", "unexpected 'a' at 14; expected =, !=, <, <=, >, >= or IN after workflowType"),
        ("AND status = RUNNING", "unexpected 'AND' at 1; expected a field name or '('"),
        ("status = RUNNING OR", "unexpected end of query at 20; expected a field name or '('"),
        ("workflowType ! a", "unexpected '!' at 14"),
    ])
    func malformed(query: String, message: String) {
        #expect(throws: SearchQueryError(message)) { try Workflows.parse(query) }
    }

    @Test("sort keys")
    func sort() throws {
        #expect(try SearchQueryParser<TaskField>.sortKeys("startTime:DESC,taskType") == [
            SortKey(field: .startTime, ascending: false), SortKey(field: .taskType, ascending: true),
        ])
        #expect(throws: SearchQueryError("sort 'startTime:UP': the direction must be ASC or DESC")) {
            try SearchQueryParser<TaskField>.sortKeys("startTime:UP")
        }
    }
}
