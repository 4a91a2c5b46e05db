/// Turns texts into fixed-size vectors for semantic search.
///
/// Every vector has `dimension` components and is L2-normalized, so a dot product is a cosine.
/// Local engines (``MiniLMEmbedder``, ``HashingEmbedder``) and remote ones conform to it.
public protocol Embedder: Sendable {
    /// Identifies the model; stored next to each vector so vectors of different models never mix.
    var name: String { get }
    var dimension: Int { get }
    /// A stand-in (the hashing fallback): it keeps search working without model weights, but is
    /// never served under a model's name.
    var isStandIn: Bool { get }

    /// The vectors of `texts` in input order, in one flat buffer, and which texts were cut to the
    /// model's input length first.
    func embedBatch(_ texts: [String]) async throws -> EmbeddingBatch

    /// How many input tokens `texts` count as, for usage reports.
    func tokenCount(_ texts: [String]) -> Int
}

extension Embedder {
    /// One vector per text, in input order.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await embedBatch(texts).rows
    }
}
