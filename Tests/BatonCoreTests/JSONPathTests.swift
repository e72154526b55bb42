import Testing
@testable import BatonCore
import BatonModel

@Suite("JSONPath")
struct JSONPathTests {
    static let document: JSONValue = [
        "store": [
            "name": "corner",
            "odd key": 1,
            "book": [
                ["title": "A", "price": 8, "tags": ["x", "y"], "inStock": true],
                ["title": "B", "price": 12.5, "inStock": false],
                ["title": "C", "price": 5, "isbn": "123", "inStock": true],
            ],
        ],
        "list": [10, 20, 30, 40, 50],
    ]

    func read(_ path: String) throws -> JSONValue {
        try JSONPath(path).read(from: Self.document)
    }

    @Test func members() throws {
        #expect(try read("store.name") == "corner")
        #expect(try read("$.store.name") == "corner")
        #expect(try read("store") == Self.document["store"])
        #expect(try read("$") == Self.document)
    }

    @Test func quotedNames() throws {
        #expect(try read("$['store']['odd key']") == 1)
        #expect(try read(#"$["store"]["name"]"#) == "corner")
        #expect(try read("store['name']") == "corner")
        #expect(try read(#"$['it\'s']"#) == .null)
        #expect(try JSONPath(#"$['it\'s']"#).read(from: ["it's": 7]) == 7)
    }

    @Test func indices() throws {
        #expect(try read("store.book[0].title") == "A")
        #expect(try read("store.book[2].title") == "C")
        #expect(try read("store.book[-1].title") == "C")
        #expect(try read("store.book[-3].title") == "A")
        #expect(try read("list[ 1 ]") == 20)
        #expect(try read("store.book[0].tags[1]") == "y")
    }

    @Test func indicesOutOfRangeReadNull() throws {
        #expect(try read("store.book[3]") == .null)
        #expect(try read("store.book[-4]") == .null)
        #expect(try read("store.name[0]") == .null)
    }

    @Test func wildcards() throws {
        #expect(try read("store.book[*].title") == ["A", "B", "C"])
        #expect(try read("store.book.*.title") == ["A", "B", "C"])
        // On an object the wildcard yields the member values in key order.
        #expect(try read("store.book[0].*") == [true, 8, ["x", "y"], "A"])
        #expect(try read("store.name.*") == [])
    }

    @Test func unions() throws {
        #expect(try read("list[0,2,-1]") == [10, 30, 50])
        #expect(try read("store.book[0, 2].title") == ["A", "C"])
        #expect(try read("store['name','odd key']") == ["corner", 1])
        #expect(try read("store['name','missing']") == ["corner"])
    }

    @Test func slices() throws {
        #expect(try read("list[1:3]") == [20, 30])
        #expect(try read("list[:2]") == [10, 20])
        #expect(try read("list[3:]") == [40, 50])
        #expect(try read("list[-2:]") == [40, 50])
        #expect(try read("list[:-3]") == [10, 20])
        #expect(try read("list[3:1]") == [])
        #expect(try read("list[0:100]") == [10, 20, 30, 40, 50])
        #expect(try read("store.book[1:].title") == ["B", "C"])
    }

    @Test func deepScan() throws {
        #expect(try read("$..price") == [8, 12.5, 5])
        #expect(try read("$..isbn") == ["123"])
        #expect(try read("store..title") == ["A", "B", "C"])
        #expect(try read("$..nothing") == [])
        #expect(try read("list..*") == [10, 20, 30, 40, 50])
    }

    @Test func filtersWithComparisons() throws {
        #expect(try read("store.book[?(@.price < 10)].title") == ["A", "C"])
        #expect(try read("store.book[?(@.price >= 12.5)].title") == ["B"])
        #expect(try read("store.book[?(@.price <= 5)].title") == ["C"])
        #expect(try read("store.book[?(@.price > 5)].title") == ["A", "B"])
        #expect(try read("store.book[?(@.title == 'B')].price") == [12.5])
        #expect(try read(#"store.book[?(@.title != "B")].title"#) == ["A", "C"])
        #expect(try read("store.book[?(@.inStock == true)].title") == ["A", "C"])
        #expect(try read("store.book[?(@.price == 8.0)].title") == ["A"])
        #expect(try read("store.book[?(@['title'] > 'A')].title") == ["B", "C"])
    }

    @Test func filtersWithoutSpacesAroundTheOperator() throws {
        #expect(try read("store.book[?(@.price<10)].title") == ["A", "C"])
        #expect(try read("store.book[?(@.title=='B')].price") == [12.5])
        #expect(try read("store.book[?(@.price>=12.5)].title") == ["B"])
        #expect(try read("store.book[?(@.title!='B')].title") == ["A", "C"])
    }

    @Test func existenceFilter() throws {
        #expect(try read("store.book[?(@.isbn)].title") == ["C"])
        #expect(try read("store.book[?(@.tags)].title") == ["A"])
        #expect(try read("store.book[?(@.nothing)]") == [])
    }

    @Test func length() throws {
        #expect(try read("store.book.length()") == 3)
        #expect(try read("list.length()") == 5)
        #expect(try read("store.name.length()") == 6)
        #expect(try read("store.book[0].length()") == 4)
        #expect(try read("store.missing.length()") == .null)
        #expect(try read("store.book[*].tags.length()") == [2])
    }

    @Test func missingPathsReadNull() throws {
        #expect(try read("store.nothing") == .null)
        #expect(try read("store.nothing.deeper[0].still") == .null)
        #expect(try read("nothing") == .null)
        #expect(try read("store.name.inner") == .null)
        #expect(try JSONPath("a.b").read(from: .null) == .null)
    }

    @Test func aMemberHoldingNullReadsNull() throws {
        #expect(try JSONPath("a").read(from: ["a": nil]) == .null)
    }

    @Test func definiteAndIndefinitePaths() throws {
        for path in ["a", "$.a.b", "a[0]", "a[-1].b", "a['x y']", "a.length()"] {
            #expect(try JSONPath(path).isDefinite, "\(path)")
        }
        for path in ["a[*]", "a.*", "a[0,1]", "a['x','y']", "a[1:2]", "a..b", "a[?(@.x)]"] {
            #expect(try !JSONPath(path).isDefinite, "\(path)")
        }
        // An indefinite path always reads an array, even when nothing matches.
        #expect(try read("store.book[?(@.price > 100)]") == [])
        #expect(try read("nothing[*]") == [])
    }

    @Test func rootName() throws {
        #expect(try JSONPath("workflow.input.x").rootName == "workflow")
        #expect(try JSONPath("$.task_1.output").rootName == "task_1")
        #expect(try JSONPath("$['quoted'].x").rootName == "quoted")
        #expect(try JSONPath("$[0]").rootName == nil)
    }

    @Test(arguments: [
        ("a]", "unexpected ']' at position 2"),
        ("a[x]", "at position 3"),
        ("a[1", "expected ']' at position 4"),
        ("a['b", "unterminated quoted name"),
        ("a.", "expected a name at position 3"),
        ("$x", "expected '.' or '[' after '$' at position 2"),
        ("a[?(x)]", "a filter starts with '@' at position 5"),
        ("a[?(@.b => 1)]", "unknown operator '=>' at position 11"),
        ("a[?(@.b == )]", "expected a literal"),
        ("a.length(", "expected ')' at position 10"),
        ("", "empty path"),
    ])
    func parseErrorsNameThePosition(path: String, message: String) throws {
        let error = #expect(throws: ExpressionError.self) { try JSONPath(path) }
        let found = try #require(error)
        #expect(found.message.contains(message), "\(found.message)")
        #expect(found.expression == path)
        #expect(found.description.contains("'\(path)'"))
    }
}
