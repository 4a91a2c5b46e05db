import Foundation
import LLM
import Testing

@Suite struct ModelCatalogTests {
    private let providers: Set<String> = ["openai", "anthropic", "ollama"]

    @Test func theCheckedInCatalogListsTheRequiredModels() throws {
        let catalog = try ModelCatalog.bundled()
        let required = [
            "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3", "o4-mini",
            "claude-haiku-4-5", "claude-sonnet-4-6", "claude-opus-4-7", "text-embedding-3-small", "text-embedding-3-large",
        ]
        for name in required {
            let model = try catalog.resolve(name, knownProviders: providers)
            #expect(model.entry != nil, "\(name)")
            #expect((model.entry?.contextWindow ?? 0) > 0, "\(name)")
        }
        for model in catalog.models where model.kind == .chat {
            #expect(model.capabilities.contains(.tools), "\(model.name)")
            #expect(model.maxOutputTokens != nil, "\(model.name)")
        }
    }

    @Test func namesResolveAsQualifiedBareOrAlias() throws {
        let catalog = try ModelCatalog.bundled()
        #expect(try catalog.resolve("anthropic/claude-sonnet-4-6", knownProviders: providers).qualifiedName == "anthropic/claude-sonnet-4-6")
        #expect(try catalog.resolve("gpt-4.1-mini", knownProviders: providers).qualifiedName == "openai/gpt-4.1-mini")
        #expect(try catalog.resolve("sonnet", knownProviders: providers).qualifiedName == "anthropic/claude-sonnet-4-6")
        #expect(try catalog.resolve("embedding-small", knownProviders: providers).qualifiedName == "openai/text-embedding-3-small")
        let local = try catalog.resolve("ollama/llama3.2:3b", knownProviders: providers)
        #expect(local.provider == "ollama" && local.model == "llama3.2:3b" && local.entry == nil)
        // OpenRouter-style names keep their inner slash.
        let routed = try catalog.resolve("openrouter/meta-llama/llama-3.3-70b", knownProviders: ["openrouter"])
        #expect(routed.provider == "openrouter" && routed.model == "meta-llama/llama-3.3-70b")
        #expect(throws: LLMError.self) { try catalog.resolve("gpt-9", knownProviders: providers) }
        #expect(throws: LLMError.self) { try catalog.resolve("nowhere/model", knownProviders: providers) }
    }

    @Test func aliasLoopsAndDuplicatesAreConfigurationErrors() throws {
        let model = CatalogModel(name: "m", provider: "p", contextWindow: 1, maxOutputTokens: 1, pricing: ModelPricing(input: 1, output: 1), capabilities: [])
        #expect(throws: LLMError.self) { try ModelCatalog(models: [model, model]) }
        let looping = try ModelCatalog(models: [model], aliases: ["a": "b", "b": "a"])
        #expect(throws: LLMError.self) { try looping.resolve("a", knownProviders: ["p"]) }
        #expect(throws: LLMError.self) { try ModelCatalog(json: Data("{\"models\": 3}".utf8)) }
    }

    /// USD for 1M prompt tokens (400k of them cached; for Anthropic also 100k written to the
    /// cache) and 100k output tokens, worked out by hand from the catalog's prices.
    static let openAIUsage = Usage(inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000)
    static let anthropicUsage = Usage(inputTokens: 1_000_000, cachedInputTokens: 400_000, cacheWriteInputTokens: 100_000, outputTokens: 100_000)
    static let embeddingUsage = Usage(inputTokens: 1_000_000)
    static let costTable: [(model: String, usage: Usage, dollars: Double)] = [
        ("gpt-4o", openAIUsage, 0.6 * 2.50 + 0.4 * 1.25 + 0.1 * 10.00),
        ("gpt-4o-mini", openAIUsage, 0.6 * 0.15 + 0.4 * 0.075 + 0.1 * 0.60),
        ("gpt-4.1", openAIUsage, 0.6 * 2.00 + 0.4 * 0.50 + 0.1 * 8.00),
        ("gpt-4.1-mini", openAIUsage, 0.6 * 0.40 + 0.4 * 0.10 + 0.1 * 1.60),
        ("gpt-4.1-nano", openAIUsage, 0.6 * 0.10 + 0.4 * 0.025 + 0.1 * 0.40),
        ("o3", openAIUsage, 0.6 * 2.00 + 0.4 * 0.50 + 0.1 * 8.00),
        ("o4-mini", openAIUsage, 0.6 * 1.10 + 0.4 * 0.275 + 0.1 * 4.40),
        ("text-embedding-3-small", embeddingUsage, 0.02),
        ("text-embedding-3-large", embeddingUsage, 0.13),
        ("claude-haiku-4-5", anthropicUsage, 0.5 * 1.00 + 0.4 * 0.10 + 0.1 * 1.25 + 0.1 * 5.00),
        ("claude-sonnet-4-6", anthropicUsage, 0.5 * 3.00 + 0.4 * 0.30 + 0.1 * 3.75 + 0.1 * 15.00),
        ("claude-opus-4-7", anthropicUsage, 0.5 * 5.00 + 0.4 * 0.50 + 0.1 * 6.25 + 0.1 * 25.00),
    ]

    @Test func costOfEveryCatalogModel() throws {
        let catalog = try ModelCatalog.bundled()
        #expect(Set(Self.costTable.map(\.model)) == Set(catalog.models.map(\.name)), "the table covers the whole catalog")
        for row in Self.costTable {
            let entry = try #require(try catalog.resolve(row.model, knownProviders: providers).entry)
            let cost = entry.pricing.cost(of: row.usage)
            #expect(abs(cost - row.dollars) < 1e-9, "\(row.model): \(cost) ≠ \(row.dollars)")
        }
    }

    @Test func cachedTokensArePricedAsCached() throws {
        let pricing = ModelPricing(input: 2, cachedInput: 0.5, output: 8)
        let uncached = pricing.cost(of: Usage(inputTokens: 1000, outputTokens: 0))
        let cached = pricing.cost(of: Usage(inputTokens: 1000, cachedInputTokens: 1000, outputTokens: 0))
        #expect(abs(uncached - 0.002) < 1e-12)
        #expect(abs(cached - 0.0005) < 1e-12)
    }
}

@Suite struct ProviderConfigurationTests {
    @Test func environmentConfiguresProviders() throws {
        let configurations = try ProviderConfiguration.load(environment: [
            "OPENAI_API_KEY": "sk-openai-123456789", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9999", "OLLAMA_BASE_URL": "http://gpu:11434",
        ])
        #expect(configurations.map(\.name) == ["openai", "anthropic", "ollama"])
        #expect(configurations[0].baseURL == "https://api.openai.com/v1")
        #expect(configurations[0].apiKey?.secret == "sk-openai-123456789")
        #expect(configurations[1].apiKey == nil && configurations[1].baseURL == "http://127.0.0.1:9999")
        #expect(configurations[2].baseURL == "http://gpu:11434")
        #expect(!"\(configurations)".contains("sk-openai-123456789"))
    }

    @Test func providersFileAddsCompatibleEndpoints() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llm-providers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("providers.json")
        try Data(#"{"providers":[{"name":"groq","kind":"openai","base_url":"https://api.groq.com/openai/v1","api_key_env":"GROQ_API_KEY"}]}"#.utf8).write(
            to: file)
        let configurations = try ProviderConfiguration.load(environment: ["GROQ_API_KEY": "gsk-123456789"], providersFile: file)
        let groq = try #require(configurations.first { $0.name == "groq" })
        #expect(groq.kind == .openAI && groq.apiKey?.secret == "gsk-123456789")

        try Data(#"{"providers":[{"name":"a/b","kind":"openai","base_url":"x"}]}"#.utf8).write(to: file)
        #expect(throws: LLMError.self) { try ProviderConfiguration.load(environment: [:], providersFile: file) }
        try Data("not json".utf8).write(to: file)
        #expect(throws: LLMError.self) { try ProviderConfiguration.load(environment: [:], providersFile: file) }
    }
}
