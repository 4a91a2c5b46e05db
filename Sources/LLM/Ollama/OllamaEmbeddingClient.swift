import NIOCore

/// Remote embeddings through Ollama `/api/embed`.
public struct OllamaEmbeddingClient: Sendable {
    private let endpoint: ProviderEndpoint

    public init(name: String = "ollama", baseURL: String = "http://127.0.0.1:11434", transport: LLMTransport) {
        endpoint = ProviderEndpoint(name: name, baseURL: baseURL, apiKey: nil, transport: transport)
    }

    /// One vector per text, in the order of `texts`.
    public func embed(_ texts: [String], model: String) async throws(LLMError) -> [[Float]] {
        try await embeddings(for: texts, model: model).vectors
    }

    /// The vectors and the prompt tokens Ollama evaluated for them.
    public func embeddings(for texts: [String], model: String) async throws(LLMError) -> EmbeddingResult {
        guard !texts.isEmpty else { return EmbeddingResult(vectors: [], inputTokens: 0) }
        let request = endpoint.request("/api/embed", body: RequestBody(["model": .string(model), "input": .array(texts.map(JSONValue.string))]))
        let body = try await endpoint.transport.send(request)
        let response = try WireJSON.decode(Response.self, from: body.readableBytesView, what: "embed response")
        guard response.embeddings.count == texts.count else {
            throw LLMError(.malformedResponse, "asked for \(texts.count) embeddings, got \(response.embeddings.count)")
        }
        return EmbeddingResult(vectors: response.embeddings, inputTokens: response.promptEvalCount ?? 0)
    }

    private struct Response: Decodable {
        var embeddings: [[Float]]
        var promptEvalCount: Int?

        enum CodingKeys: String, CodingKey {
            case embeddings
            case promptEvalCount = "prompt_eval_count"
        }
    }
}
