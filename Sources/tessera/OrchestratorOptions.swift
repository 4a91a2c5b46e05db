import ArgumentParser
import Foundation
import LLM
import Logging
import Orchestrator
import Search
import TesseraCore
import WorkspaceTools

/// Where the orchestrator finds its models, providers and prompts, and how it caches.
struct OrchestratorOptions: ParsableArguments {
    @Option(help: "The model catalog (prices, aliases, routes).")
    var catalog: String = "models/catalog.json"

    @Option(help: "A JSON file of extra providers (OpenAI-compatible endpoints).")
    var providersFile: String?

    @Option(help: "Directory of the prompt templates (chat/*.mustache).")
    var prompts: String = "prompts"

    @Option(help: "Seconds an exact-match cached answer is served; 0 turns the cache off.")
    var responseCacheSeconds: Int = 300

    @Option(help: "Cosine similarity (0–1) at which the semantic cache answers; off when not given.")
    var semanticCacheThreshold: Float?

    func validate() throws {
        if let threshold = semanticCacheThreshold, !(0...1).contains(threshold) {
            throw ValidationError("--semantic-cache-threshold must be between 0 and 1")
        }
        guard responseCacheSeconds >= 0 else { throw ValidationError("--response-cache-seconds must not be negative") }
    }

    var configuration: OrchestratorConfiguration {
        var configuration = OrchestratorConfiguration()
        configuration.promptsDirectory = URL(fileURLWithPath: prompts)
        configuration.responseCacheTTL = responseCacheSeconds > 0 ? .seconds(responseCacheSeconds) : nil
        configuration.semanticCacheThreshold = semanticCacheThreshold
        return configuration
    }
}

/// The AI side of a process: provider clients on one transport, and the orchestrator over them.
struct OrchestratorRuntime {
    let orchestrator: Orchestrator
    let transport: LLMTransport

    static func open(_ options: OrchestratorOptions, services: TesseraServices, search: SearchRuntime, logger: Logger) throws -> OrchestratorRuntime {
        let catalog = try ModelCatalog(contentsOf: URL(fileURLWithPath: options.catalog))
        let configurations = try ProviderConfiguration.load(
            environment: Settings.process.environment, providersFile: options.providersFile.map { URL(fileURLWithPath: $0) })
        let transport = LLMTransport(logger: logger)
        let embedder = search.indexer.embedder
        let dependencies = OrchestratorDependencies(
            router: ModelRouter(catalog: catalog, configurations: configurations, transport: transport),
            services: services, search: search.service, registry: WorkspaceTools(services: services, search: search.service),
            embedder: embedder,
            embeddings: EmbeddingRouter(local: embedder, catalog: catalog, configurations: configurations, transport: transport))
        let orchestrator = Orchestrator(dependencies, configuration: options.configuration, logger: logger)
        return OrchestratorRuntime(orchestrator: orchestrator, transport: transport)
    }
}
