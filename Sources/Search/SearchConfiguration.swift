/// Tuning of the search indexer and queries.
public struct SearchConfiguration: Sendable {
    /// Tables with more vectors than this switch from exact search to HNSW.
    public var exactSearchLimit = 20_000
    /// Texts per embedder call.
    public var embeddingBatchSize = 32
    /// Events read from the log per step.
    public var eventBatchSize = 512
    /// How long the indexer sleeps when it has caught up, unless woken earlier.
    public var pollInterval: Duration = .milliseconds(200)
    /// The constant of reciprocal rank fusion: a result at rank r adds 1 / (rrfK + r).
    public var rrfK = 60
    /// Largest `k` a search may ask for.
    public var maxResults = 100

    public init() {}
}
