import LLM
import Testing

@Suite(.timeLimit(.minutes(1))) struct OllamaEmbeddingClientTests {
    @Test func ollamaEmbeddings() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(
                status: 200, body: #"{"model":"all-minilm","embeddings":[[0.1,0.2],[0.3,0.4]],"total_duration":14143917,"prompt_eval_count":8}"#)
        }) { server in
            try await withTransport { transport in
                let client = OllamaEmbeddingClient(baseURL: server.baseURL, transport: transport)
                let vectors = try await client.embed(["a", "b"], model: "all-minilm")
                #expect(vectors == [[0.1, 0.2], [0.3, 0.4]])
                #expect(try server.requests.first?.json() == ["model": "all-minilm", "input": ["a", "b"]])
                #expect(server.requests.first?.path == "/api/embed")
            }
        }
    }
}
