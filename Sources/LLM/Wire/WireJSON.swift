import Foundation

/// Decodes provider JSON into wire types, turning decoding failures into `LLMError`.
enum WireJSON {
    static func decode<T: Decodable>(
        _ type: T.Type, from bytes: some Collection<UInt8>, decoder: JSONDecoder, what: String
    ) throws(LLMError) -> T {
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw LLMError(.malformedResponse, "\(what) is not valid JSON of the expected shape")
        }
    }

    /// Decodes with `read` (a `JSONCursor` fast path) when it handles the text; anything else,
    /// malformed text included, goes to `JSONDecoder`, so results and errors are the same either way.
    static func decode<T: Decodable>(
        _ type: T.Type, from text: String, decoder: JSONDecoder, what: String,
        fastPath read: (UnsafeBufferPointer<UInt8>) throws(JSONCursor.Unhandled) -> T
    ) throws(LLMError) -> T {
        let fast = text.utf8.withContiguousStorageIfAvailable { bytes in try? read(bytes) }
        if let value = fast ?? nil { return value }
        return try decode(type, from: text.utf8, decoder: decoder, what: what)
    }

    /// The same for bytes that need not be valid UTF-8 (a response body): the fast path only
    /// sees them when they are, as it does not check the UTF-8 of strings it skips.
    static func decode<T: Decodable>(
        _ type: T.Type, from bytes: some Collection<UInt8>, decoder: JSONDecoder, what: String,
        fastPath read: (UnsafeBufferPointer<UInt8>) throws(JSONCursor.Unhandled) -> T
    ) throws(LLMError) -> T {
        let fast = bytes.withContiguousStorageIfAvailable { buffer -> T? in
            guard String(validating: buffer, as: UTF8.self) != nil else { return nil }
            return try? read(buffer)
        }
        if let value = fast ?? nil { return value }
        return try decode(type, from: bytes, decoder: decoder, what: what)
    }
}
