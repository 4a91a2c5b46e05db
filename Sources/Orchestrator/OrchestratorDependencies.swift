import Embeddings
import LLM
import Search
import TesseraCore
import WorkspaceTools

/// What the orchestrator works with, built once by the composition root: the providers, the
/// services that act for callers, search, the workspace tools and embeddings.
public struct OrchestratorDependencies: Sendable {
    public var router: ModelRouter
    public var services: TesseraServices
    public var search: SearchService?
    public var registry: WorkspaceTools
    /// The local embedder the semantic cache uses (when configured).
    public var embedder: (any Embedder)?
    /// Serves `embed`; nil answers embedding requests as not configured.
    public var embeddings: EmbeddingRouter?

    public init(
        router: ModelRouter, services: TesseraServices, search: SearchService?, registry: WorkspaceTools,
        embedder: (any Embedder)? = nil, embeddings: EmbeddingRouter? = nil
    ) {
        self.router = router
        self.services = services
        self.search = search
        self.registry = registry
        self.embedder = embedder
        self.embeddings = embeddings
    }
}
