import Foundation
import LLM
import Testing

@Suite("JSON text of a JSONValue")
struct JSONTextWriterTests {
    @Test("compact, sorted keys, whole numbers without a fraction, slashes and non-ASCII as they are")
    func format() {
        let value: JSONValue = ["b": [1, 2.5, -3, 1e21], "a": ["z": nil, "y": true, "x": "a/b é 😀"], "c": .number(0.1)]
        #expect(value.jsonText() == #"{"a":{"x":"a/b é 😀","y":true,"z":null},"b":[1,2.5,-3,1e+21],"c":0.1}"#)
    }

    @Test("escapes quotes, backslashes and control characters")
    func escaping() {
        #expect(JSONValue.string("say \"hi\"\\\n\t\r\u{08}\u{0C}\u{01}\u{1F}").jsonText() == #""say \"hi\"\\\n\t\r\b\f\u0001\u001f""#)
    }

    @Test("what it writes parses back to the same value")
    func roundTrip() throws {
        let value: JSONValue = [
            "tools": [["name": "list_records", "parameters": ["type": "object", "properties": ["limit": ["type": "integer", "maximum": 100]]]]],
            "text": "line one\nline two \u{7F} \u{2028}", "big": 9_007_199_254_740_992, "huge": 1e300, "small": -0.000001, "empty": [:], "list": [],
        ]
        let text = value.jsonText()
        #expect(try JSONValue(parsing: text) == value)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }
}
