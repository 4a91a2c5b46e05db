/// Vectors of a batch of texts in one flat row-major buffer, `count × dimension`.
public struct EmbeddingBatch: Sendable, Equatable {
    public let vectors: [Float]
    public let dimension: Int
    /// Positions of the texts that were cut to the model's maximum length before embedding.
    public let truncatedIndices: [Int]

    public var count: Int { dimension == 0 ? 0 : vectors.count / dimension }

    public subscript(index: Int) -> ArraySlice<Float> {
        vectors[index * dimension..<(index + 1) * dimension]
    }

    public var rows: [[Float]] {
        (0..<count).map { Array(self[$0]) }
    }
}
