import LLM
import Testing

@Suite(.timeLimit(.minutes(1))) struct OpenAIEmbeddingClientTests {
    @Test func openAIEmbeddingsFollowTheIndexOrder() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(
                status: 200,
                body:
                    #"{"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.5,-1]},{"object":"embedding","index":0,"embedding":[0.25,2]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}}"#
            )
        }) { server in
            try await withTransport { transport in
                let client = OpenAIEmbeddingClient(baseURL: server.baseURL + "/v1", apiKey: APIKey("sk-embed-key-123456"), transport: transport)
                let vectors = try await client.embed(["first", "second"], model: "text-embedding-3-small")
                #expect(vectors == [[0.25, 2], [0.5, -1]])
                let sent = try #require(server.requests.first)
                #expect(sent.path == "/v1/embeddings")
                #expect(try sent.json() == ["model": "text-embedding-3-small", "input": ["first", "second"], "encoding_format": "float"])
            }
        }
    }

    @Test func openAIEmbeddingsCountMismatchIsAnError() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 200, body: #"{"data":[{"index":0,"embedding":[1]}]}"#)
        }) { server in
            try await withTransport { transport in
                let client = OpenAIEmbeddingClient(baseURL: server.baseURL, apiKey: nil, transport: transport)
                await #expect(throws: LLMError.self) { _ = try await client.embed(["a", "b"], model: "m") }
            }
        }
    }
}
