/// A model-free fallback: each lower-cased word (same normalization and splitting as BERT) and
/// each pair of neighbouring words adds ±1 to a bucket chosen by a stable hash (feature hashing).
/// Vectors capture word overlap only, not meaning; the name says `hashing` so they are never
/// mistaken for, or mixed with, model vectors.
public struct HashingEmbedder: Embedder {
    public let dimension: Int
    private let normalizer = BertNormalizer()

    public init(dimension: Int = 384) {
        precondition(dimension > 0, "HashingEmbedder needs a positive dimension")
        self.dimension = dimension
    }

    public var name: String { "hashing-\(dimension)" }

    public var isStandIn: Bool { true }

    public func embedBatch(_ texts: [String]) -> EmbeddingBatch {
        EmbeddingBatch(vectors: texts.flatMap(vector), dimension: dimension, truncatedIndices: [])
    }

    /// Words stand for tokens: there is no vocabulary.
    public func tokenCount(_ texts: [String]) -> Int {
        texts.reduce(0) { $0 + words(of: $1).count }
    }

    public func vector(for text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        var previous: UInt64?
        for word in words(of: text) {
            add(word, to: &vector)
            if let previous {
                add(Self.combine(previous, word), to: &vector)
            }
            previous = word
        }
        var squaredNorm: Float = 0
        for value in vector { squaredNorm += value * value }
        if squaredNorm > 0 {
            let scale = 1 / squaredNorm.squareRoot()
            for i in vector.indices { vector[i] *= scale }
        }
        return vector
    }

    private func add(_ feature: UInt64, to vector: inout [Float]) {
        let mixed = Self.mix(feature)
        vector[Int(mixed % UInt64(dimension))] += (mixed >> 63) == 0 ? 1 : -1
    }

    /// FNV-1a hashes of the words; Swift's `Hasher` is seeded per process, so it would not do.
    private func words(of text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        var hash = Self.fnvOffset
        var inWord = false
        for scalar in normalizer.normalize(text.unicodeScalars) {
            let isSeparator = BertNormalizer.isWhitespace(scalar)
            let isPunctuation = BertNormalizer.isPunctuation(scalar)
            if isSeparator || isPunctuation {
                if inWord { hashes.append(hash) }
                hash = Self.fnvOffset
                inWord = false
                continue
            }
            hash = (hash ^ UInt64(scalar.value)) &* Self.fnvPrime
            inWord = true
        }
        if inWord { hashes.append(hash) }
        return hashes
    }

    private static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x100_0000_01b3

    private static func combine(_ first: UInt64, _ second: UInt64) -> UInt64 {
        (first &* 31) ^ mix(second)
    }

    /// SplitMix64 finalizer: spreads FNV's weak low bits over the whole word.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
