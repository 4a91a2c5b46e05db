import NIOCore
import NIOHTTP1

/// Remote embeddings through OpenAI `/v1/embeddings` (or a compatible server).
public struct OpenAIEmbeddingClient: Sendable {
    private let endpoint: ProviderEndpoint

    public init(name: String = "openai", baseURL: String = "https://api.openai.com/v1", apiKey: APIKey?, transport: LLMTransport) {
        endpoint = ProviderEndpoint(name: name, baseURL: baseURL, apiKey: apiKey, transport: transport)
    }

    /// One vector per text, in the order of `texts`.
    public func embed(_ texts: [String], model: String) async throws(LLMError) -> [[Float]] {
        try await embeddings(for: texts, model: model).vectors
    }

    /// The vectors and the tokens OpenAI billed for them.
    public func embeddings(for texts: [String], model: String) async throws(LLMError) -> EmbeddingResult {
        guard !texts.isEmpty else { return EmbeddingResult(vectors: [], inputTokens: 0) }
        var headers = HTTPHeaders()
        if let apiKey = endpoint.apiKey { headers.add(name: "authorization", value: "Bearer \(apiKey.secret)") }
        let request = endpoint.request(
            "/embeddings", headers: headers,
            body: RequestBody(["model": .string(model), "input": .array(texts.map(JSONValue.string)), "encoding_format": "float"])
        )
        let body = try await endpoint.transport.send(request)
        let response = try WireJSON.decode(Response.self, from: body.readableBytesView, what: "embeddings response")
        // The API documents `index`; order by it rather than trusting the array order.
        let vectors = response.data.sorted { $0.index < $1.index }.map(\.embedding)
        guard vectors.count == texts.count else {
            throw LLMError(.malformedResponse, "asked for \(texts.count) embeddings, got \(vectors.count)")
        }
        return EmbeddingResult(vectors: vectors, inputTokens: response.usage?.promptTokens ?? 0)
    }

    private struct Response: Decodable {
        var data: [Item]
        var usage: Usage?

        struct Usage: Decodable {
            var promptTokens: Int

            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
            }
        }

        struct Item: Decodable {
            var index: Int
            var embedding: [Float]
        }
    }
}
