/// Variants of a valid JSON document for checking a fast path against Foundation: the tricky
/// ones put awkward but legal (and some illegal) text at every place of the document, the
/// damaged ones break it byte by byte.
enum JSONVariants {
    /// Every scalar replaced by each of `awkwardValues`, every member repeated, every key
    /// spelled with an escape, invalid UTF-8 at the start of every string, and the whole with
    /// whitespace around every token.
    static func tricky(_ document: String) -> [[UInt8]] {
        let bytes = Array(document.utf8)
        let places = Places(bytes)
        var variants: [[UInt8]] = [places.spaced()]
        for scalar in places.scalars {
            for value in awkwardValues {
                variants.append(bytes.replacing(scalar, with: Array(value.utf8)))
            }
        }
        for member in places.members {
            let text = Array(bytes[member.whole])
            variants.append(bytes.replacing(member.whole.upperBound..<member.whole.upperBound, with: Array(",".utf8) + text))
            let nulled = Array(bytes[member.key]) + Array(":null,".utf8)
            variants.append(bytes.replacing(member.whole.lowerBound..<member.whole.lowerBound, with: nulled))
            // The key's first character as a \u escape: the same name to JSONDecoder.
            let first = member.key.lowerBound + 1
            if first < member.key.upperBound - 1, bytes[first] < 0x80 {
                variants.append(bytes.replacing(first..<(first + 1), with: Array("\\u00\(String(bytes[first], radix: 16))".utf8)))
            }
        }
        for string in places.strings {
            for invalid: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
                variants.append(bytes.replacing((string.lowerBound + 1)..<(string.lowerBound + 1), with: invalid))
            }
        }
        return variants
    }

    /// The document cut short, and with a byte deleted, replaced or inserted at every position.
    static func damaged(_ document: String) -> [[UInt8]] {
        let original = Array(document.utf8)
        let replacements = Array("\"\\,:{}[]0-.eE n\u{1}x".utf8)
        var variants: [[UInt8]] = []
        for position in original.indices {
            variants.append(Array(original[..<position]))
            var deleted = original
            deleted.remove(at: position)
            variants.append(deleted)
            for byte in replacements where byte != original[position] {
                var replaced = original
                replaced[position] = byte
                variants.append(replaced)
                var inserted = original
                inserted.insert(byte, at: position)
                variants.append(inserted)
            }
        }
        return variants
    }

    /// Values a fast path must read as Foundation does or decline: numbers beyond `Int` and
    /// `Double`, negative, fractional and exponent spellings, escapes, unicode, lone
    /// surrogates, nulls and other types, and nesting deeper than the fast reader goes.
    static let awkwardValues: [String] = [
        "null", "true", "false", "0", "-0", "-1", "7", "1.0", "1.5", "1e2", "1E+2", "-2.5e-3", "0.1",
        "12345678901234567890", "9007199254740993", "1e400", "-1e400", "1e-400", "0e1", "0.00e8", "0.0e1", "5e-324",
        #""""#, #""plain""#, #""\u00e9\u00C9""#, #""\ud83d\ude00""#, #""\ud83d""#, #""\ude00x""#,
        #""a\"b\\c\/d\b\f\n\r\t""#, #""Zürich 東京 😀""#, #""\u0000""#, "\"raw\ttab\"",
        "[]", "{}", "[null]", #"{"a":1}"#, #"{"a":1,"a":2}"#,
        String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
        String(repeating: #"{"a":"#, count: 70) + "1" + String(repeating: "}", count: 70),
    ]
}

/// Where the values, strings and members of a valid JSON document are.
private struct Places {
    private let bytes: [UInt8]
    private(set) var scalars: [Range<Int>] = []
    /// String literals, quotes included: values and keys.
    private(set) var strings: [Range<Int>] = []
    private(set) var members: [(key: Range<Int>, whole: Range<Int>)] = []
    /// Where whitespace may go: before and after every token.
    private var tokenEdges: [Int] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var position = 0
        value(at: &position)
    }

    /// The document with a space, a newline, a tab and a CR at every token's edges.
    func spaced() -> [UInt8] {
        var spaced: [UInt8] = []
        let edges = Set(tokenEdges)
        for (index, byte) in bytes.enumerated() {
            if edges.contains(index) { spaced += Array(" \n\t\r".utf8) }
            spaced.append(byte)
        }
        return spaced + Array(" \n".utf8)
    }

    private mutating func value(at position: inout Int) {
        skipWhitespace(&position)
        let start = position
        tokenEdges.append(start)
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            container(until: UInt8(ascii: "}"), at: &position) { places, position in
                places.skipWhitespace(&position)
                let keyStart = position
                places.string(at: &position)
                let key = keyStart..<position
                places.skipWhitespace(&position)
                position += 1 // the colon
                places.value(at: &position)
                places.members.append((key, keyStart..<position))
            }
        case UInt8(ascii: "["):
            position += 1
            container(until: UInt8(ascii: "]"), at: &position) { places, position in places.value(at: &position) }
        case UInt8(ascii: "\""):
            string(at: &position)
            scalars.append(start..<position)
        default:
            while position < bytes.count, !Array(",]} \n\r\t".utf8).contains(bytes[position]) { position += 1 }
            scalars.append(start..<position)
        }
        tokenEdges.append(position)
    }

    private mutating func container(until close: UInt8, at position: inout Int, _ element: (inout Places, inout Int) -> Void) {
        skipWhitespace(&position)
        while bytes[position] != close {
            element(&self, &position)
            skipWhitespace(&position)
            if bytes[position] == UInt8(ascii: ",") { position += 1 }
            skipWhitespace(&position)
        }
        position += 1
    }

    private mutating func string(at position: inout Int) {
        let start = position
        position += 1
        while bytes[position] != UInt8(ascii: "\"") {
            position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
        }
        position += 1
        strings.append(start..<position)
    }

    private func skipWhitespace(_ position: inout Int) {
        while position < bytes.count, Array(" \n\r\t".utf8).contains(bytes[position]) { position += 1 }
    }
}

extension Array where Element == UInt8 {
    fileprivate func replacing(_ range: Range<Int>, with replacement: [UInt8]) -> [UInt8] {
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
