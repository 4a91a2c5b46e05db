/// A strict reader of JSON text into `JSONValue` for the common case: valid UTF-8, no
/// duplicate keys, nesting up to `maximumDepth`, numbers a `Double` holds.
///
/// Anything outside that throws `Unhandled`, malformed text included, and `JSONValue.parse`
/// then hands the same bytes to `JSONDecoder`, which stays the single authority on unusual
/// input and on errors. Foundation's decoder tries each JSON type in turn for every value and
/// throws an error for each miss; stored cells and request bodies are read far more often than
/// they are unusual.
struct JSONTextReader: ~Copyable {
    struct Unhandled: Error {}

    static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The one value the text holds, with nothing but whitespace around it.
    mutating func readDocument() throws(Unhandled) -> JSONValue {
        let value = try readValue()
        skipWhitespace()
        guard position == bytes.count else { throw Unhandled() }
        return value
    }

    private mutating func readValue() throws(Unhandled) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw Unhandled() }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return .null
        default: return .number(try readNumber())
        }
    }

    private mutating func readObject() throws(Unhandled) -> JSONValue {
        try enterContainer()
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object([:])
        }
        // Collected first, so the dictionary is sized once instead of rehashed as it grows.
        var pairs: [(key: String, value: JSONValue)] = []
        repeat {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw Unhandled() }
            let key = try readString()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw Unhandled() }
            pairs.append((key, try readValue()))
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw Unhandled() }
        depth -= 1
        var members = [String: JSONValue](minimumCapacity: pairs.count)
        for (key, value) in pairs {
            // Which of two equal keys wins is the decoder's call.
            guard members.updateValue(value, forKey: key) == nil else { throw Unhandled() }
        }
        return .object(members)
    }

    private mutating func readArray() throws(Unhandled) -> JSONValue {
        try enterContainer()
        var items: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(items)
        }
        repeat {
            items.append(try readValue())
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw Unhandled() }
        depth -= 1
        return .array(items)
    }

    /// Consumes the opening bracket.
    private mutating func enterContainer() throws(Unhandled) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Unhandled() }
        position += 1
    }

    /// A string literal from its opening quote, escapes decoded.
    private mutating func readString() throws(Unhandled) -> String {
        position += 1
        let start = position
        var decoded: [UInt8]?
        var runStart = start
        var ascii = true
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
                position += 1
                guard var escaped = decoded else {
                    // ASCII needs no validation, and most keys and cells are ASCII.
                    return ascii ? String(decoding: run, as: UTF8.self) : try Self.string(run)
                }
                escaped.append(contentsOf: run)
                // Decoded escapes are valid scalars, so only raw non-ASCII bytes need validating.
                return ascii ? String(decoding: escaped, as: UTF8.self) : try Self.string(escaped)
            case UInt8(ascii: "\\"):
                guard position + 1 < bytes.count else { throw Unhandled() }
                var escaped = decoded ?? []
                escaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                switch bytes[position + 1] {
                case UInt8(ascii: "\""): escaped.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): escaped.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): escaped.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): escaped.append(0x08)
                case UInt8(ascii: "f"): escaped.append(0x0C)
                case UInt8(ascii: "n"): escaped.append(0x0A)
                case UInt8(ascii: "r"): escaped.append(0x0D)
                case UInt8(ascii: "t"): escaped.append(0x09)
                case UInt8(ascii: "u"):
                    position += 2
                    guard let scalar = JSONUnicodeEscape.scalar(in: bytes, at: &position) else { throw Unhandled() }
                    escaped += String(scalar).utf8
                    decoded = escaped
                    runStart = position
                    continue
                default: throw Unhandled()
                }
                decoded = escaped
                position += 2
                runStart = position
            case 0..<0x20:
                throw Unhandled()
            case 0x80...:
                ascii = false
                position += 1
            default:
                position += 1
            }
        }
        throw Unhandled()
    }

    private static func string(_ utf8: some Collection<UInt8>) throws(Unhandled) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw Unhandled() }
        return text
    }

    /// A number per the JSON grammar. Up to 15 digits without fraction or exponent are exact
    /// in a `Double` and computed directly; the rest go through `Double(_:)`, which rounds
    /// correctly as `JSONDecoder` does.
    private mutating func readNumber() throws(Unhandled) -> Double {
        let start = position
        let negative = consume(UInt8(ascii: "-"))
        let integerStart = position
        guard position < bytes.count, Self.isDigit(bytes[position]) else { throw Unhandled() }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        let integerDigits = position - integerStart
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard skipDigits() > 0 else { throw Unhandled() }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw Unhandled() }
        }
        if isInteger, integerDigits <= 15 {
            var magnitude: Int64 = 0
            for digit in bytes[integerStart..<position] { magnitude = magnitude * 10 + Int64(digit - UInt8(ascii: "0")) }
            return negative ? -Double(magnitude) : Double(magnitude)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw Unhandled() }
        return number
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

    private mutating func readLiteral(_ literal: StaticString) throws(Unhandled) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw Unhandled() }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] {
            throw Unhandled()
        }
        position += count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
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
}
