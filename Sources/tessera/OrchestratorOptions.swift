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
    @Option(help: "A model catalog file (prices, aliases, routes) instead of the built-in one (tessera models catalog prints it).")
    var catalog: String?

    @Option(help: "A JSON file of extra providers (OpenAI-compatible endpoints).")
    var providersFile: String?

    @Option(help: "A directory of prompt templates (chat/*.mustache, read at run time) instead of the built-in ones (tessera prompts export writes them out).")
    var prompts: String?

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

    /// The catalog file when one is given, else the built-in catalog.
    func modelCatalog() throws -> ModelCatalog {
        if let catalog { return try ModelCatalog(contentsOf: URL(fileURLWithPath: catalog)) }
        return try ModelCatalog.bundled()
    }

    var configuration: OrchestratorConfiguration {
        var configuration = OrchestratorConfiguration()
        configuration.promptsDirectory = prompts.map { URL(fileURLWithPath: $0) }
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
        let catalog = try options.modelCatalog()
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
