/// Turns texts into fixed-size vectors for semantic search.
///
/// Every vector has `dimension` components and is L2-normalized, so a dot product is a cosine.
/// Local engines (``MiniLMEmbedder``, ``HashingEmbedder``) and remote ones conform to it.
public protocol Embedder: Sendable {
    /// Identifies the model; stored next to each vector so vectors of different models never mix.
    var name: String { get }
    var dimension: Int { get }

    /// One vector per text, in input order.
    func embed(_ texts: [String]) async throws -> [[Float]]
}
