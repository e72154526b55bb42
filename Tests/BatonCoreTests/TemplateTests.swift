import Testing
@testable import BatonCore
import BatonModel

@Suite("Template and ParameterContext")
struct TemplateTests {
    /// An execution whose first step `lookup` completed with a nested output.
    func context(correlationId: String? = "order-17", taskId: String? = nil) throws -> ParameterContext {
        var definition = linearDef(["lookup", "next"], name: "orders")
        definition.variables = ["v": 7, "label": "blue"]
        var harness = Harness(
            definition, input: ["x": 5, "name": "Ada", "flag": false, "obj": ["k": [1, 2]], "none": nil],
            correlationId: correlationId)
        try harness.start()
        try harness.run("lookup", output: ["a": ["b": [10, 20]], "total": 12.5])
        return ParameterContext(workflow: harness.workflow, taskId: taskId)
    }

    func resolve(_ text: String, taskId: String? = nil) throws -> JSONValue {
        try context(taskId: taskId).resolve(.string(text))
    }

    @Test func aWholeExpressionKeepsTheJSONType() throws {
        #expect(try resolve("${workflow.input.x}") == .int(5))
        #expect(try resolve("${workflow.input.flag}") == .bool(false))
        #expect(try resolve("${workflow.input.obj}") == ["k": [1, 2]])
        #expect(try resolve("${workflow.input.none}") == .null)
        #expect(try resolve("${lookup.output.total}") == .double(12.5))
        #expect(try resolve("${ workflow.input.name }") == "Ada")
        #expect(try resolve("${$.workflow.input.x}") == .int(5))
    }

    @Test func embeddedExpressionsBecomeText() throws {
        #expect(try resolve("id-${workflow.input.x}") == "id-5")
        #expect(try resolve("${workflow.input.name}/${workflow.input.x}") == "Ada/5")
        #expect(try resolve("flag=${workflow.input.flag}") == "flag=false")
        #expect(try resolve("obj=${workflow.input.obj}") == #"obj={"k":[1,2]}"#)
        #expect(try resolve("total ${lookup.output.total}") == "total 12.5")
        #expect(try resolve("missing=${workflow.input.nothing}") == "missing=null")
    }

    @Test func doubleDollarEscapesAnExpression() throws {
        #expect(try resolve("$${workflow.input.x}") == "${workflow.input.x}")
        #expect(try resolve("cost: $${x} and ${workflow.input.x}") == "cost: ${x} and 5")
        #expect(try resolve("no expression $ here") == "no expression $ here")
    }

    @Test func taskOutputPaths() throws {
        #expect(try resolve("${lookup.output.a.b[0]}") == .int(10))
        #expect(try resolve("${lookup.output.a.b[-1]}") == .int(20))
        #expect(try resolve("${lookup.output.a.b[*]}") == [10, 20])
        #expect(try resolve("${lookup.status}") == "COMPLETED")
        #expect(try resolve("${lookup.taskId}") == "task-1")
        #expect(try resolve("${lookup.input}") == [:])
    }

    @Test func workflowFields() throws {
        #expect(try resolve("${workflow.variables.v}") == .int(7))
        #expect(try resolve("${workflow.variables.label}") == "blue")
        #expect(try resolve("${workflow.workflowId}") == "wf-1")
        #expect(try resolve("${workflow.correlationId}") == "order-17")
        #expect(try resolve("${workflow.workflowType}") == "orders")
        #expect(try resolve("${workflow.version}") == .int(1))
        #expect(try resolve("${workflow.status}") == "RUNNING")
        #expect(try context(correlationId: nil).resolve(.string("${workflow.correlationId}")) == .null)
    }

    @Test func taskIdOfTheTaskBeingScheduled() throws {
        #expect(try resolve("${CPEWF_TASK_ID}", taskId: "task-9") == "task-9")
        #expect(try resolve("key-${CPEWF_TASK_ID}", taskId: "task-9") == "key-task-9")
        #expect(try resolve("${CPEWF_TASK_ID}") == .null)
    }

    @Test func unknownReferencesReadNull() throws {
        #expect(try resolve("${nosuchtask.output.x}") == .null)
        #expect(try resolve("${next.output.x}") == .null)  // scheduled, no output yet
        #expect(try resolve("${workflow.nothing.deeper}") == .null)
        #expect(try resolve("${workflow.input.x.y}") == .null)
    }

    @Test func resolvesThroughNestedObjectsAndArrays() throws {
        let parameters: [String: JSONValue] = [
            "plain": 3, "list": ["${workflow.input.x}", "n-${workflow.input.name}", ["${lookup.output.a.b[1]}"]],
            "nested": ["deep": ["${workflow.input.flag}"], "text": "$${kept}"],
        ]
        let resolved = try context().resolve(parameters)
        #expect(resolved == [
            "plain": 3, "list": [5, "n-Ada", [20]], "nested": ["deep": [false], "text": "${kept}"],
        ])
    }

    @Test func unterminatedExpressionThrows() throws {
        let error = #expect(throws: ExpressionError.self) { try Template("id-${workflow.input.x") }
        #expect(error?.message.contains("closing '}'") == true)
        #expect(error?.expression == "id-${workflow.input.x")
        #expect(throws: ExpressionError.self) { try context().resolve(.string("${workflow.input.x")) }
    }

    @Test func malformedPathThrows() {
        #expect(throws: ExpressionError.self) { try Template("${}") }
        #expect(throws: ExpressionError.self) { try Template("${workflow.input[}") }
    }

    @Test func compiledTemplateReportsItsPaths() throws {
        let template = try Template("a ${workflow.input.x} b ${lookup.output.y}")
        #expect(template.hasExpressions)
        #expect(template.paths.map(\.rootName) == ["workflow", "lookup"])
        #expect(try !Template("$${escaped}").hasExpressions)
    }
}
