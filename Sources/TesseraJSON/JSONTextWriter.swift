/// Writes a `JSONValue` as compact JSON text with sorted keys, straight into UTF-8 bytes.
///
/// The text is byte for byte what `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` writes for the same value, at a fraction of the cost: every record
/// stored, every REST and MCP answer goes through here, and Foundation's encoder was a third of
/// an MCP `list_records` call. Writers of large answers (lists of records) also write their own
/// fixed keys with `append` and values with `write`, keeping keys in sorted order themselves.
public struct JSONTextWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Text that is already JSON (punctuation, a key with its colon, an encoded value), as is.
    public mutating func append(_ json: StaticString) {
        json.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// UTF-8 bytes that are already JSON, as is.
    public mutating func append(_ json: [UInt8]) {
        bytes += json
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null:
            bytes += "null".utf8
        case .bool(let flag):
            bytes += (flag ? "true" : "false").utf8
        case .number(let number):
            write(number)
        case .string(let text):
            write(text)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(member.key)
                bytes.append(UInt8(ascii: ":"))
                write(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// An object of `members` and of `written`, whose values are JSON text already (parts of a
    /// body that are the same in every request), keys in the order `write(_:)` gives them.
    public mutating func writeObject(_ members: [String: JSONValue], written: [String: [UInt8]]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in (Array(members.keys) + Array(written.keys)).sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(key)
            bytes.append(UInt8(ascii: ":"))
            if let json = written[key] {
                bytes += json
            } else if let value = members[key] {
                write(value)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Whole numbers as integers (`JSONValue.wholeNumber`, as the `Encodable` conformance writes
    /// them), others in Swift's shortest round-trip form without a trailing ".0". JSON has no
    /// NaN or infinity; they are written as null.
    private mutating func write(_ number: Double) {
        guard number.isFinite else {
            bytes += "null".utf8
            return
        }
        if let whole = JSONValue.wholeNumber(number) {
            bytes += String(whole).utf8
            return
        }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes += text.utf8
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Bytes a string literal must escape: control characters, quote and backslash.
    private static let needsEscape: [Bool] = (0...255).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }

    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { writeString(utf8: $0) }
    }

    /// A string literal of the text whose UTF-8 bytes these are: quotes, backslashes and
    /// control characters escaped; everything else, `/` and non-ASCII included, as is. Runs
    /// without escapes are copied whole.
    mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        Self.needsEscape.withUnsafeBufferPointer { needsEscape in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                if !needsEscape[Int(byte)] {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                index += 1
                runStart = index
                appendEscape(of: byte)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(of byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes += "u00".utf8
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}
