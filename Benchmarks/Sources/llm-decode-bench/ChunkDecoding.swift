import Foundation

@testable import LLM

/// One way of decoding one provider's chunks into its wire type; the result is folded into a
/// number so that no decoding can be optimized away.
struct ChunkDecoding {
    private let decode: (String) throws -> Int

    init(provider: LLMDecodeBench.Provider, decoding: LLMDecodeBench.Decoding) {
        let decoder = JSONDecoder()
        switch (provider, decoding) {
        case (.openai, .fast):
            decode = { text in Self.fold(try Self.fast(text, decoder, Self.openAI)) }
        case (.anthropic, .fast):
            decode = { text in Self.fold(try Self.fast(text, decoder, Self.anthropic)) }
        case (.ollama, .fast):
            decode = { text in Self.fold(try Self.fast(text, decoder, Self.ollama)) }
        case (.openai, .foundation):
            decode = { text in Self.fold(try decoder.decode(OpenAIWire.Chunk.self, from: Data(text.utf8))) }
        case (.anthropic, .foundation):
            decode = { text in Self.fold(try decoder.decode(AnthropicWire.StreamEvent.self, from: Data(text.utf8))) }
        case (.ollama, .foundation):
            decode = { text in Self.fold(try decoder.decode(OllamaWire.Response.self, from: Data(text.utf8))) }
        case (.openai, .value):
            decode = { text in Self.fold(try Self.fast(text, decoder) { try? OpenAIWire.Chunk(mapping: JSONValue.parse(utf8: UnsafeRawBufferPointer($0))) }) }
        case (.anthropic, .value):
            decode = { text in
                Self.fold(try Self.fast(text, decoder) { try? AnthropicWire.StreamEvent(mapping: JSONValue.parse(utf8: UnsafeRawBufferPointer($0))) })
            }
        case (.ollama, .value):
            decode = { text in Self.fold(try Self.fast(text, decoder) { try? OllamaWire.Response(mapping: JSONValue.parse(utf8: UnsafeRawBufferPointer($0))) })
            }
        }
    }

    func callAsFunction(_ chunk: String) throws -> Int {
        try decode(chunk)
    }

    /// Whether the provider's fast reader takes the chunk (rather than leaving it to `JSONDecoder`).
    static func fastReaderTakes(_ chunk: String, _ provider: LLMDecodeBench.Provider) -> Bool {
        chunk.utf8.withContiguousStorageIfAvailable { bytes in
            switch provider {
            case .openai: openAI(bytes) != nil
            case .anthropic: anthropic(bytes) != nil
            case .ollama: ollama(bytes) != nil
            }
        } ?? false
    }

    private static func openAI(_ bytes: UnsafeBufferPointer<UInt8>) -> OpenAIWire.Chunk? {
        try? JSONTextReader.read(bytes, OpenAIWire.Chunk.init(reading:))
    }

    private static func anthropic(_ bytes: UnsafeBufferPointer<UInt8>) -> AnthropicWire.StreamEvent? {
        try? JSONTextReader.read(bytes, AnthropicWire.StreamEvent.init(reading:))
    }

    private static func ollama(_ bytes: UnsafeBufferPointer<UInt8>) -> OllamaWire.Response? {
        try? JSONTextReader.read(bytes, OllamaWire.Response.init(reading:))
    }

    /// What `read` takes from the text, else what `JSONDecoder` decodes, as the stream decoders do.
    private static func fast<T: Decodable>(_ text: String, _ decoder: JSONDecoder, _ read: (UnsafeBufferPointer<UInt8>) -> T?) throws -> T {
        if let value = text.utf8.withContiguousStorageIfAvailable(read) ?? nil { return value }
        return try decoder.decode(T.self, from: Data(text.utf8))
    }

    private static func fold(_ chunk: OpenAIWire.Chunk) -> Int {
        let choice = chunk.choices?.first
        return (choice?.delta?.content?.utf8.count ?? 0) + (choice?.delta?.toolCalls?.count ?? 0) + (chunk.usage?.promptTokens ?? 0)
    }

    private static func fold(_ event: AnthropicWire.StreamEvent) -> Int {
        event.type.utf8.count + (event.delta?.text?.utf8.count ?? 0) + (event.usage?.outputTokens ?? 0)
    }

    private static func fold(_ line: OllamaWire.Response) -> Int {
        (line.message?.content?.utf8.count ?? 0) + (line.evalCount ?? 0) + (line.done == true ? 1 : 0)
    }
}
