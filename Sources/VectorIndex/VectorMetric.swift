/// How similarity is measured. Scores are always "higher is closer".
public enum VectorMetric: UInt8, Sendable, Hashable, CaseIterable {
    /// Raw inner product of the vectors as given.
    case innerProduct = 0
    /// Cosine similarity: vectors and queries are L2-normalized on the way in, then compared
    /// by inner product.
    case cosine = 1
}
