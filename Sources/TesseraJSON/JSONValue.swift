import Foundation

/// A JSON document: the stored form of a record's cells and of field options, the currency of
/// the API surfaces, and the tool schemas, arguments and payloads the LLM layer sends. Numbers
/// are doubles (exact for every integer up to 2^53); whole numbers encode without a fraction.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// `number` as the integer JSON text writes it as: whole and below 9e15 in magnitude (an
    /// `Int64`, and exact in a `Double`); nil for any other number.
    public static func wholeNumber(_ number: Double) -> Int64? {
        number.rounded() == number && abs(number) < 9.0e15 ? Int64(number) : nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if let whole = Self.wholeNumber(value) {
                try container.encode(whole)
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

// Not ExpressibleByNilLiteral: `nil` must keep meaning "no value" in `JSONValue?` contexts.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// Compact JSON text with sorted keys (stable for hashing and comparison).
    public func jsonString() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }

    /// `jsonString()` as UTF-8 bytes, for writing to a body or a pipe without a `String`.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONTextWriter()
        writer.write(self)
        return writer.bytes
    }

    /// The JSON string literal of the text these UTF-8 bytes hold: embeds JSON text that is
    /// already written as a string value, without a `String` in between.
    public static func stringLiteral(utf8 text: [UInt8]) -> [UInt8] {
        var writer = JSONTextWriter(capacity: text.count + text.count / 4 + 2)
        text.withUnsafeBufferPointer { writer.writeString(utf8: $0) }
        return writer.bytes
    }

    public static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { try parse(utf8: $0) }
    }

    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Reads the JSON text: common documents directly, anything unusual (malformed text
    /// included) through `JSONDecoder`, which also words the errors.
    public static func parse(utf8: UnsafeRawBufferPointer) throws -> JSONValue {
        let bytes = utf8.assumingMemoryBound(to: UInt8.self)
        if let value = try? JSONTextReader.read(bytes, JSONValue.init(reading:)) { return value }
        return try JSONDecoder().decode(JSONValue.self, from: Data(utf8))
    }
}

extension JSONValue: JSONTextReadable {
    public init(reading reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        self = try reader.readValue()
    }
}
