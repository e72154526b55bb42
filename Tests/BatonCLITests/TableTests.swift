import Testing

@testable import BatonCLI

@Suite("table formatter")
struct TableTests {
    @Test func alignsColumnsUnderTheHeader() {
        let text = formatTable(header: ["ID", "NAME", "STATUS"], rows: [
            ["a1", "order_flow", "RUNNING"],
            ["b22222", "x", "FAILED"],
        ])
        #expect(text == """
            ID      NAME        STATUS
            a1      order_flow  RUNNING
            b22222  x           FAILED
            """)
    }

    @Test func headerWiderThanCells() {
        let text = formatTable(header: ["CORRELATION ID", "V"], rows: [["c", "1"]])
        #expect(text == "CORRELATION ID  V\nc               1")
    }

    @Test func noTrailingSpacesAndRaggedRowsArePadded() {
        let text = formatTable(rows: [["a", "b", ""], ["long", ""], ["x", "y", "z"]])
        #expect(text == "a     b\nlong\nx     y  z")
    }

    @Test func lineBreaksInCellsBecomeSpaces() {
        #expect(formatTable(header: ["R"], rows: [["two\nlines"]]) == "R\ntwo lines")
    }

    @Test func widthsCountCharactersNotBytes() {
        #expect(formatTable(rows: [["é", "1"], ["ab", "2"]]) == "é   1\nab  2")
    }

    @Test func headerOnly() {
        #expect(formatTable(header: ["A", "B"], rows: []) == "A  B")
    }

    @Test func nothing() {
        #expect(formatTable(rows: []) == "")
    }
}
