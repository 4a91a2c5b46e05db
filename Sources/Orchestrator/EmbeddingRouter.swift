import Embeddings
import LLM

/// Embeddings by model name: the local model in-process, catalog embedding models through
/// their provider's client.
public struct EmbeddingRouter: Sendable {
    /// What one call produced and used.
    public struct Output: Sendable {
        public let vectors: [[Float]]
        /// `provider/model`, or the local model's name.
        public let model: String
        public let inputTokens: Int
        /// nil for an unpriced model; 0 for the local one.
        public let costUSD: Double?
    }

    private enum Remote: Sendable {
        case openAI(OpenAIEmbeddingClient)
        case ollama(OllamaEmbeddingClient)
    }

    /// The local model, when its weights are loaded (the hashing fallback is never served here:
    /// a client asking for MiniLM must not silently get something else).
    private let local: (any Embedder)?
    private let catalog: ModelCatalog
    private let remotes: [String: Remote]

    public init(local: (any Embedder)?, catalog: ModelCatalog, configurations: [ProviderConfiguration], transport: LLMTransport) {
        self.local = local?.isStandIn == false ? local : nil
        self.catalog = catalog
        var remotes: [String: Remote] = [:]
        for configuration in configurations {
            switch configuration.kind {
            case .openAI:
                remotes[configuration.name] = .openAI(
                    OpenAIEmbeddingClient(name: configuration.name, baseURL: configuration.baseURL, apiKey: configuration.apiKey, transport: transport))
            case .ollama:
                remotes[configuration.name] = .ollama(OllamaEmbeddingClient(name: configuration.name, baseURL: configuration.baseURL, transport: transport))
            case .anthropic:
                break
            }
        }
        self.remotes = remotes
    }

    /// The name the local model is served under, when it is loaded.
    public var localModelName: String? { local?.name }

    /// Whether `model` names the local model (`all-MiniLM-L6-v2`, optionally as `local/…` or
    /// `sentence-transformers/…`).
    public func isLocal(_ model: String) -> Bool {
        guard let local else { return false }
        return [local.name, "local/\(local.name)", "sentence-transformers/\(local.name)"].contains(model)
    }

    public func embed(_ texts: [String], model: String, dimensions: Int?) async throws -> Output {
        if let local, isLocal(model) {
            if let dimensions, dimensions != local.dimension {
                throw OrchestratorError.invalidRequest("\(local.name) makes \(local.dimension)-dimensional vectors; it cannot make \(dimensions)")
            }
            return Output(vectors: try await local.embed(texts), model: local.name, inputTokens: local.tokenCount(texts), costUSD: 0)
        }
        let resolved = try catalog.resolve(model, knownProviders: Set(remotes.keys))
        guard resolved.entry.map({ $0.kind == .embedding }) ?? true else {
            throw OrchestratorError.invalidRequest("\(model) is a chat model, not an embedding model")
        }
        let result: EmbeddingResult
        switch remotes[resolved.provider] {
        case .openAI(let client): result = try await client.embeddings(for: texts, model: resolved.model)
        case .ollama(let client): result = try await client.embeddings(for: texts, model: resolved.model)
        case nil: throw LLMError(.unknownModel, "model \(model) needs provider \(resolved.provider), which is not configured for embeddings")
        }
        return Output(
            vectors: try Self.shortened(result.vectors, to: dimensions, model: resolved),
            model: resolved.qualifiedName, inputTokens: result.inputTokens,
            costUSD: resolved.entry?.pricing.cost(of: Usage(inputTokens: result.inputTokens)))
    }

    /// OpenAI's text-embedding-3 models are trained so that a prefix of a vector, normalized
    /// again, is a valid shorter embedding (what their `dimensions` parameter returns).
    private static func shortened(_ vectors: [[Float]], to dimensions: Int?, model: ResolvedModel) throws -> [[Float]] {
        guard let dimensions, let native = vectors.first?.count, dimensions != native else { return vectors }
        guard model.model.hasPrefix("text-embedding-3"), (1...native).contains(dimensions) else {
            throw OrchestratorError.invalidRequest("\(model.qualifiedName) makes \(native)-dimensional vectors and cannot be shortened to \(dimensions)")
        }
        return vectors.map { vector in
            let prefix = vector.prefix(dimensions)
            let norm = prefix.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? prefix.map { $0 / norm } : Array(prefix)
        }
    }
}
