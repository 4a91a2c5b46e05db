@testable import LLM

/// The JSON chunks of the fixture streams, framed as the stream decoders frame them: SSE `data`
/// for OpenAI (without `[DONE]`) and Anthropic, NDJSON lines for Ollama.
enum StreamChunks {
    static func of(_ provider: LLMDecodeBench.Provider) throws -> [String] {
        switch provider {
        case .openai:
            try events(WireFixtures.openAIText + WireFixtures.openAIToolCalls).filter { $0 != "[DONE]" }
        case .anthropic:
            try events(WireFixtures.anthropicText + WireFixtures.anthropicToolUse)
        case .ollama:
            try lines(WireFixtures.ollamaStream)
        }
    }

    /// Whether the chunk carries a piece of the answer's text.
    static func isTextDelta(_ chunk: String, _ provider: LLMDecodeBench.Provider) -> Bool {
        switch provider {
        case .openai: chunk.contains(#""delta":{"content""#)
        case .anthropic: chunk.contains(#""type":"text_delta""#)
        case .ollama: chunk.contains(#""done":false"#) && !chunk.contains("tool_calls")
        }
    }

    private static func events(_ body: String) throws -> [String] {
        var parser = ServerSentEventParser()
        return try parser.parse(Array(body.utf8)).map(\.data)
    }

    private static func lines(_ body: String) throws -> [String] {
        var parser = NDJSONLineParser()
        return try parser.parse(Array(body.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }
}
