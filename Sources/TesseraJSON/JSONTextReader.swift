/// A strict reader of JSON text: the one tokenizer behind `JSONValue.parse` and behind the fast
/// paths that read provider chunks straight into wire types, through its cursor methods
/// (`readString()`, `readInt()`, `readArray(_:)`, `skipValue()`, …) and, for objects, the
/// member walker that a wire type's `JSONFields` drive.
///
/// It takes the common case: valid UTF-8, nesting up to `maximumDepth`, numbers a `Double`
/// holds, no repeated keys. Anything outside that throws `Unhandled`, malformed text included,
/// and the caller hands the same bytes to `JSONDecoder`, which stays the single authority on
/// unusual input and on errors. Foundation's decoder tries each JSON type in turn for every
/// value and throws an error for each miss; stored cells, request bodies and stream chunks are
/// read far more often than they are unusual.
public struct JSONTextReader: ~Copyable {
    /// The text is outside what this reader takes; decode it with `JSONDecoder` instead.
    public struct Unhandled: Error {
        public init() {}
    }

    /// Readers recurse; `JSONDecoder`'s own limit is far deeper.
    public static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The one value `read` takes from the text, which must hold nothing else but whitespace.
    public static func read<Value>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ read: (inout JSONTextReader) throws(Unhandled) -> Value
    ) throws(Unhandled) -> Value {
        var reader = JSONTextReader(bytes)
        let value = try read(&reader)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw Unhandled() }
        return value
    }

    /// Any value.
    public mutating func readValue() throws(Unhandled) -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "{"):
            // Collected first, so the dictionary is sized once instead of rehashed as it grows.
            var pairs: [(key: String, value: JSONValue)] = []
            try readObject { key, reader throws(Unhandled) in pairs.append((try key.string(), try reader.readValue())) }
            var members = [String: JSONValue](minimumCapacity: pairs.count)
            for (key, value) in pairs {
                // Which of two equal keys wins is the decoder's call.
                guard members.updateValue(value, forKey: key) == nil else { throw Unhandled() }
            }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            try readArray { reader throws(Unhandled) in items.append(try reader.readValue()) }
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try readBool())
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        default:
            return .number(try readNumber())
        }
    }

    /// Reads an object, handing `member` each key with the reader at its value, which `member`
    /// must read or skip. Inlined, like the other small steps here, so that `readValue()` and
    /// the member walker run no closure per member.
    @inline(__always)
    mutating func readObject(_ member: (_ key: StringToken, _ reader: inout JSONTextReader) throws(Unhandled) -> Void) throws(Unhandled) {
        try enterContainer(UInt8(ascii: "{"))
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return
        }
        repeat {
            guard try peek() == UInt8(ascii: "\"") else { throw Unhandled() }
            let key = try scanString(decodingEscapes: true)
            guard consume(UInt8(ascii: ":")) else { throw Unhandled() }
            try member(key, &self)
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw Unhandled() }
        depth -= 1
    }

    /// Reads an array, calling `element` with the reader at each element, which `element` must
    /// read or skip.
    @inline(__always)
    public mutating func readArray(_ element: (_ reader: inout JSONTextReader) throws(Unhandled) -> Void) throws(Unhandled) {
        try enterContainer(UInt8(ascii: "["))
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return
        }
        repeat {
            try element(&self)
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw Unhandled() }
        depth -= 1
    }

    public mutating func readString() throws(Unhandled) -> String {
        guard try peek() == UInt8(ascii: "\"") else { throw Unhandled() }
        return try scanString(decodingEscapes: true).string()
    }

    /// A number as `JSONDecoder` reads it into a `Double`.
    public mutating func readNumber() throws(Unhandled) -> Double {
        _ = try peek()
        let number = try scanNumber()
        // Up to 15 digits without fraction or exponent are exact in a `Double`; the rest go
        // through `Double(_:)`, which rounds correctly as `JSONDecoder` does.
        if number.isInteger, number.digits.count <= 15 {
            let magnitude = Double(Self.integer(number.digits))
            return number.isNegative ? -magnitude : magnitude
        }
        guard let value = Double(String(decoding: number.text, as: UTF8.self)), value.isFinite else { throw Unhandled() }
        // `JSONDecoder` turns down some zeros written with an exponent (`0e1`, `0.00e8`) and
        // exponents that underflow to zero (`1e-400`).
        guard value != 0 || !number.hasExponent else { throw Unhandled() }
        return value
    }

    /// A non-negative integer without fraction or exponent, of up to 18 digits (any of which
    /// fits an `Int`). Other spellings `JSONDecoder` may still read as an `Int` (`-1`, `1.0`,
    /// `1e2`) are left to it.
    public mutating func readInt() throws(Unhandled) -> Int {
        _ = try peek()
        let number = try scanNumber()
        guard number.isInteger, !number.isNegative, number.digits.count <= 18 else { throw Unhandled() }
        return Self.integer(number.digits)
    }

    public mutating func readBool() throws(Unhandled) -> Bool {
        if try peek() == UInt8(ascii: "t") {
            try readLiteral("true")
            return true
        }
        try readLiteral("false")
        return false
    }

    /// Consumes a `null` if one comes next.
    public mutating func readNull() -> Bool {
        skipWhitespace()
        guard bytes.count - position >= 4, bytes[position] == UInt8(ascii: "n"), bytes[position + 1] == UInt8(ascii: "u"),
            bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l")
        else { return false }
        position += 4
        return true
    }

    public mutating func readOptionalString() throws(Unhandled) -> String? {
        readNull() ? nil : try readString()
    }

    public mutating func readOptionalInt() throws(Unhandled) -> Int? {
        readNull() ? nil : try readInt()
    }

    public mutating func readOptionalBool() throws(Unhandled) -> Bool? {
        readNull() ? nil : try readBool()
    }

    /// Skips one value of any type, checking it as `readValue()` would.
    public mutating func skipValue() throws(Unhandled) {
        switch try peek() {
        case UInt8(ascii: "{"):
            try readObject { _, reader throws(Unhandled) in try reader.skipValue() }
        case UInt8(ascii: "["):
            try readArray { reader throws(Unhandled) in try reader.skipValue() }
        case UInt8(ascii: "\""):
            try scanString(decodingEscapes: false).validate()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            try readLiteral("null")
        default:
            _ = try scanNumber()
        }
    }

    // MARK: - Tokens

    /// A string literal (a value, or a member's key): its body as written, and, when asked for
    /// and needed, with escapes decoded.
    struct StringToken {
        var body: UnsafeBufferPointer<UInt8>
        var decoded: [UInt8]?
        var isEscaped: Bool
        /// No raw byte of the body is outside ASCII (decoded escapes are valid scalars), so the
        /// text needs no UTF-8 validation.
        var isASCII: Bool

        /// The text, escapes decoded: only for tokens scanned with their escapes decoded.
        @inline(__always)
        func string() throws(Unhandled) -> String {
            if let decoded { return isASCII ? String(decoding: decoded, as: UTF8.self) : try Self.validated(decoded) }
            return isASCII ? String(decoding: body, as: UTF8.self) : try Self.validated(body)
        }

        /// Checks that the body is valid UTF-8.
        func validate() throws(Unhandled) {
            if !isASCII { _ = try Self.validated(body) }
        }

        private static func validated(_ utf8: some Collection<UInt8>) throws(Unhandled) -> String {
            guard let text = String(validating: utf8, as: UTF8.self) else { throw Unhandled() }
            return text
        }
    }

    /// A string literal from its opening quote to past its closing one.
    private mutating func scanString(decodingEscapes: Bool) throws(Unhandled) -> StringToken {
        position += 1
        let start = position
        var isASCII = true
        while true {
            position = plainRunEnd(from: position)
            guard position < bytes.count else { throw Unhandled() }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                let body = UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)])
                return StringToken(body: body, decoded: nil, isEscaped: false, isASCII: isASCII)
            case UInt8(ascii: "\\"):
                return try scanEscapedString(from: start, isASCII: isASCII, decodingEscapes: decodingEscapes)
            case 0..<0x20:
                throw Unhandled() // a raw control character
            default:
                isASCII = false
                position += 1
            }
        }
    }

    /// The first position from `start` on whose byte is a quote, a backslash, a control
    /// character or not ASCII; the end if there is none.
    @inline(__always)
    private func plainRunEnd(from start: Int) -> Int {
        var position = start
        while position < bytes.count {
            let byte = bytes[position]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { break }
            position += 1
        }
        return position
    }

    /// The rest of a string literal from its first escape. Escapes are always checked, and
    /// decoded only with `decodingEscapes`.
    private mutating func scanEscapedString(from start: Int, isASCII: Bool, decodingEscapes: Bool) throws(Unhandled) -> StringToken {
        var decoded: [UInt8] = []
        var isASCII = isASCII
        var runStart = start
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"):
                if decodingEscapes { decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position])) }
                position += 1
                let scalar = try readEscape()
                if decodingEscapes { decoded.append(contentsOf: scalar.utf8) }
                runStart = position
                continue
            case UInt8(ascii: "\""):
                if decodingEscapes { decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position])) }
                position += 1
                let body = UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)])
                return StringToken(body: body, decoded: decodingEscapes ? decoded : nil, isEscaped: true, isASCII: isASCII)
            case 0..<0x20:
                throw Unhandled()
            case 0x80...:
                isASCII = false
            default:
                break
            }
            position += 1
        }
        throw Unhandled()
    }

    /// The scalar an escape stands for, its backslash consumed. A `\u` surrogate must be the
    /// first half of a pair written as two escapes.
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

    /// A number as written: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private struct NumberToken {
        var text: UnsafeBufferPointer<UInt8>
        /// The digits before any fraction or exponent.
        var digits: UnsafeBufferPointer<UInt8>
        var hasFraction, hasExponent: Bool

        var isNegative: Bool { text.first == UInt8(ascii: "-") }
        var isInteger: Bool { !hasFraction && !hasExponent }
    }

    private mutating func scanNumber() throws(Unhandled) -> NumberToken {
        let start = position
        _ = consumeNext(UInt8(ascii: "-"))
        let digitsStart = position
        guard position < bytes.count, Self.isDigit(bytes[position]) else { throw Unhandled() }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        let digits = UnsafeBufferPointer(rebasing: bytes[digitsStart..<position])
        let hasFraction = consumeNext(UInt8(ascii: "."))
        if hasFraction {
            guard skipDigits() > 0 else { throw Unhandled() }
        }
        let hasExponent = position < bytes.count && bytes[position] | 0x20 == UInt8(ascii: "e")
        if hasExponent {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw Unhandled() }
        }
        return NumberToken(
            text: UnsafeBufferPointer(rebasing: bytes[start..<position]), digits: digits, hasFraction: hasFraction, hasExponent: hasExponent
        )
    }

    private static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = position
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        return position - start
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: - Bytes

    /// The next byte after whitespace, which must exist.
    @inline(__always)
    private mutating func peek() throws(Unhandled) -> UInt8 {
        skipWhitespace()
        guard position < bytes.count else { throw Unhandled() }
        return bytes[position]
    }

    /// Consumes the opening bracket, which must come next.
    private mutating func enterContainer(_ bracket: UInt8) throws(Unhandled) {
        guard try peek() == bracket else { throw Unhandled() }
        depth += 1
        guard depth <= Self.maximumDepth else { throw Unhandled() }
        position += 1
    }

    private mutating func readLiteral(_ literal: StaticString) throws(Unhandled) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { throw Unhandled() }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] {
            throw Unhandled()
        }
        position += count
    }

    /// Consumes `byte` if it comes next after whitespace.
    @inline(__always)
    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        return consumeNext(byte)
    }

    /// Consumes `byte` if it is the very next one.
    @inline(__always)
    private mutating func consumeNext(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }
}
