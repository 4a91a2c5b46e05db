import Foundation
import NIOCore
import NIOHTTP1

/// Remote embeddings through Ollama `/api/embed`.
public struct OllamaEmbeddingClient: Sendable {
    public let name: String
    public let baseURL: String
    private let transport: LLMTransport

    public init(name: String = "ollama", baseURL: String = "http://127.0.0.1:11434", transport: LLMTransport) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = transport
    }

    /// One vector per text, in the order of `texts`.
    public func embed(_ texts: [String], model: String) async throws(LLMError) -> [[Float]] {
        try await embeddings(for: texts, model: model).vectors
    }

    /// The vectors and the prompt tokens Ollama evaluated for them.
    public func embeddings(for texts: [String], model: String) async throws(LLMError) -> EmbeddingResult {
        guard !texts.isEmpty else { return EmbeddingResult(vectors: [], inputTokens: 0) }
        let request = OutboundRequest(
            provider: name,
            url: baseURL + "/api/embed",
            headers: HTTPHeaders(),
            body: RequestBody(["model": .string(model), "input": .array(texts.map(JSONValue.string))]),
            secrets: []
        )
        let body = try await transport.send(request)
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
