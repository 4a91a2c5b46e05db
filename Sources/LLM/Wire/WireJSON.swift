import Foundation

/// Decodes provider JSON into wire types, turning decoding failures into `LLMError`.
enum WireJSON {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>, what: String) throws(LLMError) -> T {
        try decodeWithFoundation(type, from: bytes, what: what)
    }

    /// A wire type that reads itself (`JSONTextReadable`) takes the text when it can; what it
    /// declines, malformed text included, goes to `JSONDecoder`, so results and errors are the
    /// same either way.
    static func decode<T: Decodable & JSONTextReadable>(_ type: T.Type, from bytes: some Collection<UInt8>, what: String) throws(LLMError) -> T {
        if let value = read(type, from: bytes) { return value }
        return try decodeWithFoundation(type, from: bytes, what: what)
    }

    /// What the type reads from the bytes itself; nil when it declines them.
    static func read<T: JSONTextReadable>(_: T.Type, from bytes: some Collection<UInt8>) -> T? {
        let value = bytes.withContiguousStorageIfAvailable { buffer in try? JSONTextReader.read(buffer, T.init(reading:)) }
        return value ?? nil
    }

    private static func decodeWithFoundation<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>, what: String) throws(LLMError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw LLMError(.malformedResponse, "\(what) is not valid JSON of the expected shape")
        }
    }
}
