import Foundation

/// Settings of the orchestrator; the defaults suit a single node.
public struct OrchestratorConfiguration: Sendable {
    /// Model rounds one turn may take while running workspace tools; the last round may only answer.
    public var maxToolSteps = 6
    /// Records of retrieval context added when a request names a base.
    public var retrievalRecords = 5
    /// Tables of the base searched for retrieval context (the first ones, in schema order).
    public var retrievalTables = 8
    /// How long an exact-match cached answer is served; nil turns the cache off.
    public var responseCacheTTL: Duration? = .seconds(300)
    public var responseCacheCapacity = 1000
    /// Cosine similarity at or above which the semantic cache answers; nil (the default) turns it off.
    public var semanticCacheThreshold: Float?
    /// Directory holding `chat/*.mustache`, read at run time; nil uses the templates compiled
    /// into the binary.
    public var promptsDirectory: URL?

    public init() {}
}
