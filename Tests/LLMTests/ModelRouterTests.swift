import LLM
import Testing

@Suite(.timeLimit(.minutes(1))) struct ModelRouterTests {
    private func catalog() throws -> ModelCatalog {
        try ModelCatalog(
            models: [
                CatalogModel(
                    name: "primary", provider: "a", contextWindow: 1000, maxOutputTokens: 100,
                    pricing: ModelPricing(input: 1, output: 2), capabilities: [.tools]),
                CatalogModel(
                    name: "backup", provider: "b", contextWindow: 1000, maxOutputTokens: 100,
                    pricing: ModelPricing(input: 2.5, cachedInput: 1.25, output: 10), capabilities: [.tools]),
            ], aliases: ["default": "a/primary"])
    }

    private func router(_ a: FakeServer, _ b: FakeServer, _ transport: LLMTransport) throws -> ModelRouter {
        try ModelRouter(
            catalog: catalog(),
            configurations: [
                ProviderConfiguration(name: "a", kind: .openAI, baseURL: a.baseURL, apiKey: nil),
                ProviderConfiguration(name: "b", kind: .openAI, baseURL: b.baseURL, apiKey: nil),
            ],
            transport: transport,
            cooldown: .seconds(3600)
        )
    }

    @Test func fallsBackAndCoolsDownTheFailedTarget() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 503, body: #"{"error":{"message":"unavailable"}}"#)
        }) { a in
            try await withFakeServer({ _, _, writer in
                try await writer.respond(status: 200, body: WireFixtures.openAICompletion)
            }) { b in
                try await withTransport(.testing(retry: .disabled)) { transport in
                    let router = try router(a, b, transport)
                    let request = ChatRequest(model: "ignored", messages: [.user("hi")])
                    let first = try await router.complete(request, models: ["default", "b/backup"])
                    #expect(try b.requests[0].json()["model"] == "backup")
                    // 100 prompt and 12 output tokens at $2.50 / $10 per million.
                    #expect(abs((first.usage.costUSD ?? 0) - (100 * 2.5 + 12 * 10) / 1_000_000) < 1e-12)
                    #expect(a.requests.count == 1 && b.requests.count == 1)

                    _ = try await router.complete(request, models: ["default", "b/backup"])
                    #expect(a.requests.count == 1, "a is cooling down and b answered first")
                    #expect(b.requests.count == 2)
                }
            }
        }
    }

    @Test func streamFallsBackBeforeTheFirstEventAndPricesUsage() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 429, body: #"{"error":{"message":"slow down","code":"rate_limit_exceeded"}}"#)
        }) { a in
            try await withFakeServer({ _, _, writer in
                try await writer.stream(WireFixtures.openAIText)
            }) { b in
                try await withTransport(.testing(retry: .disabled)) { transport in
                    let router = try router(a, b, transport)
                    let collected = await collect(router.stream(ChatRequest(model: "x", messages: [.user("hi")]), models: ["a/primary", "backup"]))
                    #expect(collected.thrown == nil)
                    #expect(collected.text == "Hello, Zürich!")
                    // 176 uncached and 1024 cached prompt tokens, 5 output tokens.
                    let expected: Double = (176.0 * 2.5 + 1024.0 * 1.25 + 50.0) / 1_000_000
                    #expect(abs((collected.usage?.costUSD ?? 0) - expected) < 1e-12)
                }
            }
        }
    }

    @Test func nonRetryableErrorsDoNotFallBack() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 400, body: #"{"error":{"message":"bad request"}}"#)
        }) { a in
            try await withFakeServer({ _, _, writer in
                try await writer.respond(status: 200, body: WireFixtures.openAICompletion)
            }) { b in
                try await withTransport(.testing(retry: .disabled)) { transport in
                    let router = try router(a, b, transport)
                    await #expect(throws: LLMError.self) {
                        _ = try await router.complete(ChatRequest(model: "x", messages: [.user("hi")]), models: ["a/primary", "b/backup"])
                    }
                    #expect(b.requests.isEmpty)
                }
            }
        }
    }

    @Test func unconfiguredProvidersAndUnknownModelsAreClearErrors() async throws {
        try await withTransport { transport in
            let router = ModelRouter(catalog: try catalog(), configurations: [], transport: transport)
            #expect(throws: LLMError.self) { try router.resolve("a/primary") }
            do {
                _ = try router.resolve("nothing")
                Issue.record("expected an error")
            } catch let error as LLMError {
                #expect(error.code == .unknownModel)
            }
        }
    }
}
