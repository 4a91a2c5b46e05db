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
}
