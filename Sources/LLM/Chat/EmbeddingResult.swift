/// Vectors from a remote embedding model, with the tokens the provider counted.
public struct EmbeddingResult: Sendable, Equatable {
    /// One per input text, in input order.
    public var vectors: [[Float]]
    /// 0 when the provider did not say.
    public var inputTokens: Int

    public init(vectors: [[Float]], inputTokens: Int) {
        self.vectors = vectors
        self.inputTokens = inputTokens
    }
}
