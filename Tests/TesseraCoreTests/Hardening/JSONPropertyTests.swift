import Foundation
import PropertyBased
import TesseraJSON
import Testing

/// The JSON reader on random bytes answers a value or an error, and what the writer writes
/// reads back equal.
@Suite("JSON properties")
struct JSONPropertyTests {
    static let jsonBytes: [UInt8] = Array(#"{}[],:"\/ 0123456789.eE+-tfnulrsa"#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF, 0xED, 0xA0, 0x80]

    @Test func randomBytesNeverTrap() async {
        await propertyCheck(count: 4000, input: Gen.element(of: Self.jsonBytes).array(of: 0...80)) { bytes in
            _ = try? JSONValue.parse(Data(bytes.compactMap { $0 }))
        }
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        for depth in [100, 10_000, 200_000] {
            let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            _ = try? JSONValue.parse(Data(text.utf8))
            let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
            _ = try? JSONValue.parse(Data(objects.utf8))
        }
    }

    static let scalars: [JSONValue] = [
        .null, .bool(true), .bool(false), .number(0), .number(-0.0), .number(1e308), .number(-Double.leastNonzeroMagnitude * 1000),
        .number(9_007_199_254_740_992),
        .number(0.1), .number(-12345.678), .string(""), .string("é😀\u{0}\"\\\n"), .string("</data>"), .string("\u{2028}"),
    ]

    /// A container of random scalars: an array, or an object keyed by their position.
    static func container(_ items: [JSONValue?]) -> JSONValue {
        let items = items.compactMap { $0 }
        guard items.count % 2 == 1 else { return .array(items) }
        return .object(Dictionary(items.enumerated().map { ("k\($0.offset)", $0.element) }, uniquingKeysWith: { first, _ in first }))
    }

    @Test func writtenValuesReadBackEqual() async {
        await propertyCheck(count: 2000, input: Gen.element(of: Self.scalars).array(of: 0...6).array(of: 0...4)) { parts in
            let value = JSONValue.array(parts.map(Self.container))
            let parsed = try JSONValue.parse(Data(value.jsonString().utf8))
            #expect(parsed == value)
        }
    }
}
