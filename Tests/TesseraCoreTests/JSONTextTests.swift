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
    @Test(arguments: [
        (" { \"a\" :\n[ 1 ,\t2 ] }\r\n", ["a": [1, 2]] as JSONValue),
        (#"["\"\\\/\b\f\n\r\t"]"#, ["\"\\/\u{08}\u{0C}\n\r\t"]),
        (#"["\u00e9\u00C9x\ud83d\ude00\u0001"]"#, ["éÉx😀\u{01}"]),
        ("[1E2, 1e+2, 2.50e-1, -0, 0.0, 12345678901234567890, 1.0000000000000002]",
         [100, 100, 0.25, 0, 0, 1.2345678901234567e19, 1.0000000000000002]),
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
        var text = text
        return try text.withUTF8 { utf8 in
            var reader = JSONTextReader(utf8)
            return try reader.readDocument()
        }
    }
}

private extension JSONValue {
    static let alphabet: [Character] = Array("aZ09 _-\"\\/\n\t\u{01}é😀\u{7F}")

    static func random(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
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

    static func randomText(using generator: inout SeededGenerator) -> String {
        String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
