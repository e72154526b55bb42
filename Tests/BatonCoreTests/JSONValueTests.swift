import Foundation
import Testing
import BatonModel

@Suite("JSONValue")
struct JSONValueTests {
    @Test func decodingKeepsEachJSONType() throws {
        let value = try decode(JSONValue.self, """
            {"i": 1, "neg": -7, "big": 9007199254740993, "d": 1.5, "small": -0.25, "t": true, "f": false,
             "s": "text", "n": null, "a": [1, "a", false, null], "o": {"p": {"q": [2, {"r": 3.25}]}}}
            """)
        #expect(value == .object([
            "i": .int(1), "neg": .int(-7), "big": .int(9_007_199_254_740_993), "d": .double(1.5),
            "small": .double(-0.25), "t": .bool(true), "f": .bool(false), "s": .string("text"), "n": .null,
            "a": .array([.int(1), .string("a"), .bool(false), .null]),
            "o": .object(["p": .object(["q": .array([.int(2), .object(["r": .double(3.25)])])])]),
        ]))
    }

    @Test func numbersOneAndZeroAreNotBooleans() throws {
        let value = try decode(JSONValue.self, "[1, 0, true, false]")
        #expect(value == [.int(1), .int(0), .bool(true), .bool(false)])
        #expect(value.arrayValue?[0].boolValue == nil)
        #expect(value.arrayValue?[2].intValue == nil)
    }

    @Test func integersBeyondInt64BecomeDoubles() throws {
        let value = try decode(JSONValue.self, "18446744073709551616")
        #expect(value == .double(18_446_744_073_709_551_616))
    }

    @Test(arguments: [
        JSONValue.null, true, false, 0, -42, 9_007_199_254_740_993, 2.5, -1e-3, "", "quote \" and \\ and\nnewline",
        [], [1, [2, [3]]], [:], ["a": ["b": [true, nil, 1.25]], "c": "d"],
    ])
    func encodingRoundTrips(_ value: JSONValue) throws {
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }

    @Test func encodesIntegersWithoutFractionAndBooleansAsBooleans() throws {
        let data = try JSONEncoder().encode(JSONValue.array([1, true, .null]))
        #expect(String(decoding: data, as: UTF8.self) == "[1,true,null]")
    }

    @Test func interpolationText() {
        #expect(JSONValue.null.interpolationText == "null")
        #expect(JSONValue.bool(true).interpolationText == "true")
        #expect(JSONValue.int(42).interpolationText == "42")
        #expect(JSONValue.double(1.5).interpolationText == "1.5")
        #expect(JSONValue.double(2).interpolationText == "2.0")
        #expect(JSONValue.string("plain \"text\"").interpolationText == "plain \"text\"")
        #expect(JSONValue.array([1, "a", nil]).interpolationText == #"[1,"a",null]"#)
        #expect(JSONValue.object(["b": [true], "a": 1]).interpolationText == #"{"a":1,"b":[true]}"#)
        #expect(JSONValue.object(["k": "line\nbreak \"q\" \u{1}"]).interpolationText == #"{"k":"line\nbreak \"q\" \u0001"}"#)
    }

    @Test func accessors() {
        let value: JSONValue = ["n": 3, "d": 3.0, "f": 3.5, "s": "x", "a": [1], "b": false]
        #expect(value["n"]?.intValue == 3)
        #expect(value["d"]?.intValue == 3)
        #expect(value["f"]?.intValue == nil)
        #expect(value["f"]?.doubleValue == 3.5)
        #expect(value["n"]?.doubleValue == 3)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["s"]?.intValue == nil)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["b"]?.boolValue == false)
        #expect(value["missing"] == nil)
        #expect(JSONValue.array([1])["x"] == nil)
        #expect(JSONValue.null.isNull)
        #expect(!JSONValue.int(0).isNull)
    }
}
