import Foundation
import Testing

@testable import TesseraJSON

/// The direct JSON writer and reader against Foundation, which they replace on the hot paths:
/// the writer must produce the very bytes `JSONEncoder` did (stored cells and cache keys are
/// compared as text), the reader the very values `JSONDecoder` does.
@Suite("JSON text writer and reader")
struct JSONTextTests {
    private static let foundationEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static func foundationText(_ value: JSONValue) throws -> String {
        String(decoding: try foundationEncoder.encode(value), as: UTF8.self)
    }

    private static let awkward: [JSONValue] = [
        "", "plain", "quote \" backslash \\ slash /", "tab\tnewline\nreturn\rbell\u{07}\u{1F}\u{7F}",
        "\u{08}\u{0C}", "ünïcödé 😀 \u{2028}\u{2029}", "e\u{301}",
        0, -0.0, 1, -1, 42, 0.1, -2.5, 1e-7, 1.5e-7, 123.456, 8.999e15, 9e15, 9.5e15, 1e16, 1e20, -1e300, 5e-324,
        .number(Double(Int64.max)), .number(2.0.squareRoot()),
        true, false, .null, [], [:],
        ["b": 1, "a": 2, "B": 3, "a10": 4, "a9": 5, "_": 6, "é": 7, "😀": 8, "": 9],
        ["nested": ["deep": [1, [2, [3, ["x": .null]]]]], "list": ["a", 1, true, .null, [:], []]],
    ]

    @Test(arguments: awkward)
    func writerMatchesJSONEncoder(_ value: JSONValue) throws {
        #expect(value.jsonString() == (try Self.foundationText(value)))
    }

    @Test func writerMatchesJSONEncoderOnRandomDocuments() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let value = JSONValue.random(depth: 3, using: &generator)
            #expect(value.jsonString() == (try Self.foundationText(value)))
        }
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(JSONValue.array([.number(.nan), .number(.infinity)]).jsonString() == "[null,null]")
    }

    @Test(arguments: awkward)
    func readerReadsWhatTheWriterWrote(_ value: JSONValue) throws {
        let text = value.jsonString()
        #expect(try Self.fastRead(text) == value)
        #expect(try JSONValue.parse(text) == (try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))))
    }

    @Test func readerMatchesJSONDecoderOnRandomDocuments() throws {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            let text = JSONValue.random(depth: 3, using: &generator).jsonString()
            #expect(try Self.fastRead(text) == (try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))))
        }
    }

    /// Whitespace, escapes and number spellings no writer of ours produces, all on the fast path.
    @Test(
        arguments: [
            (" { \"a\" :\n[ 1 ,\t2 ] }\r\n", ["a": [1, 2]] as JSONValue),
            (#"["\"\\\/\b\f\n\r\t"]"#, ["\"\\/\u{08}\u{0C}\n\r\t"]),
            (#"["\u00e9\u00C9x\ud83d\ude00\u0001"]"#, ["éÉx😀\u{01}"]),
            (
                "[1E2, 1e+2, 2.50e-1, -0, 0.0, 12345678901234567890, 1.0000000000000002]",
                [100, 100, 0.25, 0, 0, 1.2345678901234567e19, 1.0000000000000002]
            ),
            ("\"ü\"", "ü"),
        ] as [(String, JSONValue)])
    func readerHandlesLegalSpellings(_ text: String, _ expected: JSONValue) throws {
        #expect(try Self.fastRead(text) == expected)
        #expect(try JSONValue.parse(text) == expected)
    }

    /// Outside the fast path: `JSONDecoder` decides, exactly as before.
    @Test(arguments: [
        #"["\ud83d"]"#, #"["\ude00x"]"#, #"{"a": 1, "a": 2}"#, "[1e400]", "[1,]",
        String(repeating: "[", count: 80) + String(repeating: "]", count: 80),
    ])
    func unusualDocumentsGoToJSONDecoder(_ text: String) throws {
        #expect(throws: JSONTextReader.Unhandled.self) { try Self.fastRead(text) }
        let foundation = Result { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
        let ours = Result { try JSONValue.parse(text) }
        switch (foundation, ours) {
        case (.success(let expected), .success(let value)): #expect(value == expected)
        case (.failure, .failure): break
        default: Issue.record("JSONDecoder gave \(foundation), parse gave \(ours)")
        }
    }

    @Test(arguments: [
        "", " ", "{", "[01]", "[1.]", "[.5]", "[-]", "[1e]", "tru", "nul", "[\"a]",
        "\"raw \u{01} control\"", "{a:1}", "[1] x", "[\"\\x\"]", "NaN", "[Infinity]",
    ])
    func malformedTextStillThrows(_ text: String) {
        #expect(throws: (any Error).self) { try JSONValue.parse(text) }
    }

    @Test func invalidUTF8StillThrows() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: (any Error).self) { try JSONValue.parse(Data(bytes)) }
    }

    private static func fastRead(_ text: String) throws -> JSONValue {
        try read(text) { reader throws(JSONTextReader.Unhandled) in try reader.readValue() }
    }

    /// What `read` takes from the whole text; nil when the reader leaves it to `JSONDecoder`.
    private static func fastRead<Value>(_ text: String, _ read: (inout JSONTextReader) throws(JSONTextReader.Unhandled) -> Value) -> Value? {
        try? Self.read(Array(text.utf8), read)
    }

    private static func read<Value>(
        _ text: String, _ read: (inout JSONTextReader) throws(JSONTextReader.Unhandled) -> Value
    ) throws(JSONTextReader.Unhandled) -> Value {
        try Self.read(Array(text.utf8), read)
    }

    private static func read<Value>(
        _ bytes: [UInt8], _ read: (inout JSONTextReader) throws(JSONTextReader.Unhandled) -> Value
    ) throws(JSONTextReader.Unhandled) -> Value {
        let value = bytes.withUnsafeBufferPointer { buffer in Result { () throws(JSONTextReader.Unhandled) in try JSONTextReader.read(buffer, read) } }
        return try value.get()
    }

    // MARK: - The reader's pieces, as the wire types' fast paths use them

    private static func string(_ json: [UInt8]) -> String? {
        try? read(json) { reader throws(JSONTextReader.Unhandled) in try reader.readString() }
    }

    private static func string(_ json: String) -> String? {
        string(Array(json.utf8))
    }

    private static func integer(_ json: String) -> Int?? {
        fastRead(json) { reader throws(JSONTextReader.Unhandled) in try reader.readOptionalInt() }
    }

    /// Whether `json` is skipped as one whole value.
    private static func skips(_ json: [UInt8]) -> Bool {
        (try? read(json) { reader throws(JSONTextReader.Unhandled) in try reader.skipValue() }) != nil
    }

    private static func skips(_ json: String) -> Bool {
        skips(Array(json.utf8))
    }

    @Test func plainAndMultiByteStrings() {
        #expect(Self.string(#""""#) == "")
        #expect(Self.string(#""Hello""#) == "Hello")
        #expect(Self.string(#"" Zürich 東京 😀""#) == " Zürich 東京 😀")
        #expect(Self.string(#"  "padded"  "#) == "padded")
    }

    @Test func simpleEscapes() {
        #expect(Self.string(#""a\"b""#) == "a\"b")
        #expect(Self.string(#""back\\slash""#) == "back\\slash")
        #expect(Self.string(#""a\/b""#) == "a/b")
        #expect(Self.string(#""\b\f\n\r\t""#) == "\u{08}\u{0C}\n\r\t")
        #expect(Self.string(#""{\"location\": \"Par""#) == #"{"location": "Par"#)
        #expect(Self.string(#""ends with \\""#) == "ends with \\")
    }

    @Test func unicodeEscapesAndSurrogatePairs() {
        #expect(Self.string(#""\u00e9\u00E9""#) == "éé")
        #expect(Self.string(#""\u20ac5""#) == "€5")
        #expect(Self.string(#""\u0000""#) == "\u{0}")
        #expect(Self.string(#""\ud83d\ude00!""#) == "😀!")
        #expect(Self.string(#""mixed Zür\u00efch \uD83C\uDDE8\uD83C\uDDED""#) == "mixed Zürïch 🇨🇭")
    }

    @Test func brokenSurrogatesAreLeftToJSONDecoder() {
        for text in [#""\ud83d""#, #""\ud83dx""#, #""\ude00\ud83d""#, #""\ud83d\u0041""#, #""\ud83d\n""#] {
            #expect(Self.string(text) == nil, "\(text)")
            #expect(!Self.skips(text), "\(text)")
        }
    }

    @Test func malformedStringsAreLeftToJSONDecoder() {
        for text in [
            #""unterminated"#, #""escape at end\"#, #""\x""#, #""\u12""#, #""\u12g4""#, "\"raw\ttab\"", "\"raw\nnewline\"",
            #"'single'"#, #""a" "b""#, "null",
        ] {
            #expect(Self.string(text) == nil, "\(text)")
        }
    }

    /// Read or skipped, a string must be valid UTF-8: the fast paths are given any bytes.
    @Test func invalidUTF8IsLeftToJSONDecoder() {
        for bytes: [UInt8] in [[0x22, 0x61, 0xFF, 0x22], [0x22, 0xE2, 0x82, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            #expect(Self.string(bytes) == nil)
            #expect(!Self.skips(bytes))
            #expect(!Self.skips(Array(#"{"skipped":"#.utf8) + bytes + [UInt8(ascii: "}")]))
        }
        #expect(Self.string([0x22, 0xC3, 0xA9, 0x22]) == "é")
        #expect(Self.skips([0x22, 0xC3, 0xA9, 0x22]))
    }

    @Test func integers() {
        #expect(Self.integer("0") == .some(0))
        #expect(Self.integer(" 42 ") == .some(42))
        #expect(Self.integer("null") == .some(nil))
        #expect(Self.integer("999999999999999999") == .some(999_999_999_999_999_999))
        for leftToDecoder in ["-1", "-0", "01", "1.0", "1e2", "1E2", "9999999999999999999", "\"1\"", "true", "", "1x"] {
            #expect(Self.integer(leftToDecoder) == nil, "\(leftToDecoder)")
        }
    }

    @Test func skippingChecksTheGrammar() {
        for valid in [
            "0", "-0.5e-3", "1E+2", "12.25", "true", "false", "null", #""\ud83d\ude00 \"q\"""#,
            "[]", "{}", "[1, [2, {\"a\": [null, {}]}], \"x\"]", " { \"k\" : [ true ] } ",
        ] {
            #expect(Self.skips(valid), "\(valid)")
        }
        for invalid in [
            "01", "1.", ".5", "+1", "-", "1e", "NaN", "tru", "nul", "[1,]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}",
            "{a:1}", "{\"a\":}", "[", "{", "\"x", "\"\\ud83d\"", "\"\\q\"", "[1]]", "1 .5", "- 1",
        ] {
            #expect(!Self.skips(invalid), "\(invalid)")
        }
    }

    @Test func nestingDeeperThanTheLimitIsLeftToJSONDecoder() {
        let depth = JSONTextReader.maximumDepth
        #expect(Self.skips(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
        #expect(!Self.skips(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)))
        #expect(Self.skips(String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)))
        #expect(!Self.skips(String(repeating: "{\"a\":", count: depth + 1) + "1" + String(repeating: "}", count: depth + 1)))
    }

    /// A wire type as the fast paths read them.
    private struct Wire: JSONObjectReadable, Equatable {
        var a, b: Int?
        var name = ""

        enum CodingKeys: String, CodingKey, CaseIterable { case a, b, name }

        static let fields = JSONFields<Self, CodingKeys>([.a: .int(\.a), .b: .int(\.b), .name: .requiredString(\.name)])
    }

    /// What the member walker reads from `json`; nil when it leaves the object to JSONDecoder.
    private static func wire(_ json: String) -> Wire? {
        fastRead(json, Wire.init(reading:))
    }

    @Test func theMemberWalkerReadsItsMembersAndSkipsTheRest() {
        #expect(Self.wire(#"{"b": 2, "other": {"a": [1]}, "a": 1, "name": "n"}"#) == Wire(a: 1, b: 2, name: "n"))
        #expect(Self.wire(#"{"name": "", "ab": 3, "x": 1, "x": 2}"#) == Wire())
        #expect(Self.wire(#"{"name": "n", "a": null}"#) == Wire(name: "n"))
    }

    /// Which of two equal keys counts, what an escaped key names and how a missing member is
    /// reported is JSONDecoder's call.
    @Test func repeatedEscapedOrMissingMembersAreLeftToJSONDecoder() {
        for json in [
            #"{"name": "n", "a": 1, "a": 2}"#, #"{"a": 1, "b": 2, "a": 1, "name": "n"}"#, #"{"name": "n", "\u0061": 1}"#,
            #"{"name": "n", "other\n": 1}"#, #"{"a": 1}"#, #"{"name": null}"#, "[]",
        ] {
            #expect(Self.wire(json) == nil, "\(json)")
        }
    }
}

extension JSONValue {
    fileprivate static let alphabet: [Character] = Array("aZ09 _-\"\\/\n\t\u{01}é😀\u{7F}")

    fileprivate static func random(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 8 : 6), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)))
        case 3: return .number(Double.random(in: -1e6...1e6, using: &generator) * pow(10, Double(Int.random(in: -20...20, using: &generator))))
        case 4, 5: return .string(randomText(using: &generator))
        case 6: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in random(depth: depth - 1, using: &generator) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                members[randomText(using: &generator)] = random(depth: depth - 1, using: &generator)
            }
            return .object(members)
        }
    }

    fileprivate static func randomText(using generator: inout SeededGenerator) -> String {
        String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
