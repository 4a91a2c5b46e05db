@testable import LLM
import Testing

@Suite struct JSONCursorTests {
    /// Reads `json` as one whole string value; nil when the cursor leaves it to JSONDecoder.
    private func string(_ json: [UInt8]) -> String? {
        json.withUnsafeBufferPointer { bytes in
            var cursor = JSONCursor(bytes)
            guard let text = try? cursor.readString(), (try? cursor.finish()) != nil else { return nil }
            return text
        }
    }

    private func string(_ json: String) -> String? {
        string(Array(json.utf8))
    }

    private func integer(_ json: String) -> Int?? {
        Array(json.utf8).withUnsafeBufferPointer { bytes in
            var cursor = JSONCursor(bytes)
            do {
                let value = try cursor.readOptionalInt()
                try cursor.finish()
                return .some(value)
            } catch {
                return nil
            }
        }
    }

    /// Whether `json` is skipped as one whole value.
    private func skips(_ json: String) -> Bool {
        Array(json.utf8).withUnsafeBufferPointer { bytes in
            var cursor = JSONCursor(bytes)
            return (try? cursor.skipValue()) != nil && (try? cursor.finish()) != nil
        }
    }

    @Test func plainAndMultiByteStrings() {
        #expect(string(#""""#) == "")
        #expect(string(#""Hello""#) == "Hello")
        #expect(string(#"" Zürich 東京 😀""#) == " Zürich 東京 😀")
        #expect(string(#"  "padded"  "#) == "padded")
    }

    @Test func simpleEscapes() {
        #expect(string(#""a\"b""#) == "a\"b")
        #expect(string(#""back\\slash""#) == "back\\slash")
        #expect(string(#""a\/b""#) == "a/b")
        #expect(string(#""\b\f\n\r\t""#) == "\u{08}\u{0C}\n\r\t")
        #expect(string(#""{\"location\": \"Par""#) == #"{"location": "Par"#)
        #expect(string(#""ends with \\""#) == "ends with \\")
    }

    @Test func unicodeEscapesAndSurrogatePairs() {
        #expect(string(#""\u00e9\u00E9""#) == "éé")
        #expect(string(#""\u20ac5""#) == "€5")
        #expect(string(#""\u0000""#) == "\u{0}")
        #expect(string(#""\ud83d\ude00!""#) == "😀!")
        #expect(string(#""mixed Zür\u00efch \uD83C\uDDE8\uD83C\uDDED""#) == "mixed Zürïch 🇨🇭")
    }

    @Test func brokenSurrogatesAreLeftToJSONDecoder() {
        #expect(string(#""\ud83d""#) == nil)
        #expect(string(#""\ud83dx""#) == nil)
        #expect(string(#""\ude00\ud83d""#) == nil)
        #expect(string(#""\ud83d\u0041""#) == nil)
        #expect(string(#""\ud83d\n""#) == nil)
    }

    @Test func malformedStringsAreLeftToJSONDecoder() {
        #expect(string(#""unterminated"#) == nil)
        #expect(string(#""escape at end\"#) == nil)
        #expect(string(#""\x""#) == nil)
        #expect(string(#""\u12""#) == nil)
        #expect(string(#""\u12g4""#) == nil)
        #expect(string("\"raw\ttab\"") == nil)
        #expect(string("\"raw\nnewline\"") == nil)
        #expect(string(#"'single'"#) == nil)
        #expect(string(#""a" "b""#) == nil)
        #expect(string(#"null"#) == nil)
    }

    @Test func invalidUTF8IsLeftToJSONDecoder() {
        #expect(string([0x22, 0x61, 0xFF, 0x22]) == nil)
        #expect(string([0x22, 0xE2, 0x82, 0x22]) == nil)
        #expect(string([0x22, 0x5C, 0x6E, 0xC3, 0x22]) == nil)
        #expect(string([0x22, 0xC3, 0xA9, 0x22]) == "é")
    }

    @Test func integers() {
        #expect(integer("0") == .some(0))
        #expect(integer(" 42 ") == .some(42))
        #expect(integer("null") == .some(nil))
        #expect(integer("999999999999999999") == .some(999_999_999_999_999_999))
        for leftToDecoder in ["-1", "-0", "01", "1.0", "1e2", "1E2", "9999999999999999999", "\"1\"", "true", "", "1x"] {
            #expect(integer(leftToDecoder) == nil, "\(leftToDecoder)")
        }
    }

    @Test func skippingChecksTheGrammar() {
        for valid in [
            "0", "-0.5e-3", "1E+2", "12.25", "true", "false", "null", #""\ud83d\ude00 \"q\"""#,
            "[]", "{}", "[1, [2, {\"a\": [null, {}]}], \"x\"]", " { \"k\" : [ true ] } ",
        ] {
            #expect(skips(valid), "\(valid)")
        }
        for invalid in [
            "01", "1.", ".5", "+1", "-", "1e", "NaN", "tru", "nul", "[1,]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}",
            "{a:1}", "{\"a\":}", "[", "{", "\"x", "\"\\ud83d\"", "\"\\q\"", "[1]]",
        ] {
            #expect(!skips(invalid), "\(invalid)")
        }
    }

    @Test func nestingDeeperThanTheLimitIsLeftToJSONDecoder() {
        let depth = JSONCursor.maximumDepth
        #expect(skips(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
        #expect(!skips(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)))
        #expect(skips(String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)))
        #expect(!skips(String(repeating: "{\"a\":", count: depth + 1) + "1" + String(repeating: "}", count: depth + 1)))
    }

    @Test func objectsHandMembersInOrder() throws {
        let json = Array(#"{"a": 1, "b\u0022": 2}"#.utf8)
        var keys: [String] = []
        let escapedKey = json.withUnsafeBufferPointer { bytes in
            var cursor = JSONCursor(bytes)
            return (try? cursor.readObject { key, cursor throws(JSONCursor.Unhandled) in
                if case "a" = key { keys.append("a") }
                try cursor.skipValue()
            }) == nil
        }
        // The escaped key is left to JSONDecoder, after the plain one was read.
        #expect(escapedKey)
        #expect(keys == ["a"])
    }

    @Test func repeatedMembersAreLeftToJSONDecoder() {
        var seen = JSONCursor.SeenMembers()
        #expect((try? seen.insert(0)) != nil)
        #expect((try? seen.insert(3)) != nil)
        #expect((try? seen.insert(0)) == nil)
    }
}
