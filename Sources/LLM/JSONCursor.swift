/// A strict, allocation-light reader of JSON text for the stream decoders' fast paths.
///
/// It accepts a subset of what `JSONDecoder` accepts and throws `Unhandled` for anything
/// outside it (malformed text, but also duplicate or escaped keys, fractional or negative
/// integers, raw control characters, invalid UTF-8 in a string it reads, deep nesting). The
/// caller then hands the same text to `JSONDecoder`, which stays the single authority on
/// lenient input and on errors. Values the caller does not read are skipped, but still checked
/// against the JSON grammar; the UTF-8 of skipped strings is not checked, so callers give it
/// valid UTF-8 (the bytes of a `String`).
struct JSONCursor {
    /// The text is outside what this reader handles; decode it with `JSONDecoder` instead.
    struct Unhandled: Error {}

    /// Unknown members are skipped recursively; `JSONDecoder`'s own limit is far deeper.
    static let maximumDepth = 32

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Checks that nothing but whitespace follows the top-level value.
    mutating func finish() throws(Unhandled) {
        skipWhitespace()
        guard position == bytes.count else { throw Unhandled() }
    }

    /// Reads an object, calling `member` with each key; `member` must read or skip the value.
    mutating func readObject(
        _ member: (_ key: Key, _ cursor: inout JSONCursor) throws(Unhandled) -> Void
    ) throws(Unhandled) {
        try expect(UInt8(ascii: "{"))
        try enterContainer()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return
        }
        repeat {
            let key = try readKey()
            try expect(UInt8(ascii: ":"))
            try member(key, &self)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        depth -= 1
    }

    /// Reads an array, calling `element` for each element; `element` must read or skip it.
    mutating func readArray(_ element: (_ cursor: inout JSONCursor) throws(Unhandled) -> Void) throws(Unhandled) {
        try expect(UInt8(ascii: "["))
        try enterContainer()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return
        }
        repeat {
            try element(&self)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        depth -= 1
    }

    /// Consumes a `null` if one comes next.
    mutating func readNull() -> Bool {
        skipWhitespace()
        guard bytes.count - position >= 4, bytes[position] == UInt8(ascii: "n") else { return false }
        guard bytes[position + 1] == UInt8(ascii: "u"), bytes[position + 2] == UInt8(ascii: "l"),
              bytes[position + 3] == UInt8(ascii: "l")
        else { return false }
        position += 4
        return true
    }

    mutating func readOptionalBool() throws(Unhandled) -> Bool? {
        skipWhitespace()
        guard position < bytes.count else { throw Unhandled() }
        switch bytes[position] {
        case UInt8(ascii: "t"):
            try expectWord("true")
            return true
        case UInt8(ascii: "f"):
            try expectWord("false")
            return false
        default:
            guard readNull() else { throw Unhandled() }
            return nil
        }
    }

    mutating func readOptionalString() throws(Unhandled) -> String? {
        readNull() ? nil : try readString()
    }

    mutating func readString() throws(Unhandled) -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        if try scanStringBody() {
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)])
            guard let text = String(validating: raw, as: UTF8.self) else { throw Unhandled() }
            return text
        }
        // Escapes: decode into a buffer, then validate the whole as UTF-8 once.
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count - start)
        while true {
            guard position < bytes.count else { throw Unhandled() }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                decoded.append(contentsOf: try readEscape().utf8)
            } else if byte < 0x20 {
                throw Unhandled()
            } else {
                decoded.append(byte)
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else { throw Unhandled() }
        return text
    }

    /// A non-negative integer without fraction or exponent, or nil for `null`. Other numbers
    /// (which `JSONDecoder` may still turn into an `Int`) are left to it.
    mutating func readOptionalInt() throws(Unhandled) -> Int? {
        if readNull() { return nil }
        skipWhitespace()
        let start = position
        var value = 0
        while position < bytes.count, let digit = Self.digitValue(bytes[position]) {
            // 18 digits always fit in an Int.
            guard position - start < 18 else { throw Unhandled() }
            value = value * 10 + digit
            position += 1
        }
        let length = position - start
        // A leading zero is an error for JSONDecoder.
        guard length > 0, length == 1 || bytes[start] != UInt8(ascii: "0") else { throw Unhandled() }
        if position < bytes.count {
            let next = bytes[position]
            guard next != UInt8(ascii: "."), next != UInt8(ascii: "e"), next != UInt8(ascii: "E") else { throw Unhandled() }
        }
        return value
    }

    /// Skips one value of any type, checking its grammar.
    mutating func skipValue() throws(Unhandled) {
        skipWhitespace()
        guard position < bytes.count else { throw Unhandled() }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            position += 1
            if try !scanStringBody() { try skipEscapedString() }
        case UInt8(ascii: "{"):
            try readObject { _, cursor throws(Unhandled) in try cursor.skipValue() }
        case UInt8(ascii: "["):
            try readArray { cursor throws(Unhandled) in try cursor.skipValue() }
        case UInt8(ascii: "t"):
            try expectWord("true")
        case UInt8(ascii: "f"):
            try expectWord("false")
        case UInt8(ascii: "n"):
            try expectWord("null")
        default:
            try skipNumber()
        }
    }

    // MARK: - Pieces

    /// A member name as raw bytes; names with escapes are left to `JSONDecoder`.
    struct Key {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>

        static func ~= (name: StaticString, key: Key) -> Bool {
            guard name.utf8CodeUnitCount == key.bytes.count else { return false }
            let start = name.utf8Start
            for index in 0..<key.bytes.count where start[index] != key.bytes[index] {
                return false
            }
            return true
        }
    }

    /// The known members of one object read so far. A repeated one is left to `JSONDecoder`,
    /// which decides which occurrence counts.
    struct SeenMembers {
        private var bits: UInt32 = 0

        mutating func insert(_ member: Int) throws(Unhandled) {
            let bit: UInt32 = 1 << member
            guard bits & bit == 0 else { throw Unhandled() }
            bits |= bit
        }
    }

    private mutating func readKey() throws(Unhandled) -> Key {
        try expect(UInt8(ascii: "\""))
        let start = position
        guard try scanStringBody() else { throw Unhandled() }
        return Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]))
    }

    private mutating func enterContainer() throws(Unhandled) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Unhandled() }
    }

    /// Moves past the closing quote of a string whose opening quote was consumed. Returns false,
    /// leaving the position at the string's start, when the string contains escapes.
    private mutating func scanStringBody() throws(Unhandled) -> Bool {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return true }
            if byte == UInt8(ascii: "\\") {
                position = start
                return false
            }
            if byte < 0x20 { throw Unhandled() }
        }
        throw Unhandled()
    }

    /// Moves past the closing quote of a string with escapes, checking each escape.
    private mutating func skipEscapedString() throws(Unhandled) {
        while true {
            guard position < bytes.count else { throw Unhandled() }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte == UInt8(ascii: "\\") {
                _ = try readEscape()
            } else if byte < 0x20 {
                throw Unhandled()
            }
        }
    }

    /// The scalar of an escape whose backslash was consumed. A `\u` surrogate must be the first
    /// half of a pair written as two escapes.
    private mutating func readEscape() throws(Unhandled) -> Unicode.Scalar {
        guard position < bytes.count else { throw Unhandled() }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            guard let scalar = JSONUnicodeEscape.scalar(in: bytes, at: &position) else { throw Unhandled() }
            return scalar
        default:
            throw Unhandled()
        }
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func skipNumber() throws(Unhandled) {
        _ = consumeByte(UInt8(ascii: "-"))
        guard position < bytes.count, Self.digitValue(bytes[position]) != nil else { throw Unhandled() }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        if consumeByte(UInt8(ascii: ".")) {
            guard skipDigits() else { throw Unhandled() }
        }
        if consumeByte(UInt8(ascii: "e")) || consumeByte(UInt8(ascii: "E")) {
            if !consumeByte(UInt8(ascii: "+")) { _ = consumeByte(UInt8(ascii: "-")) }
            guard skipDigits() else { throw Unhandled() }
        }
    }

    /// Skips a run of digits; false when there was none.
    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = position
        while position < bytes.count, Self.digitValue(bytes[position]) != nil { position += 1 }
        return position > start
    }

    private mutating func expectWord(_ word: StaticString) throws(Unhandled) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count else { throw Unhandled() }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] {
            throw Unhandled()
        }
        position += count
    }

    private mutating func expect(_ byte: UInt8) throws(Unhandled) {
        guard consume(byte) else { throw Unhandled() }
    }

    /// Consumes `byte` after optional whitespace.
    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        return consumeByte(byte)
    }

    /// Consumes `byte` if it comes next, with no whitespace before it.
    private mutating func consumeByte(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
