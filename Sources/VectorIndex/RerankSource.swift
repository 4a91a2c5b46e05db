/// Float32 vectors the caller keeps anyway (rows in its database, a memory-mapped file), which a
/// quantized index can re-rank its best candidates against instead of holding a float32 copy of
/// every vector itself.
///
/// With a source, an int8 index costs its codes and graph alone (about a third of float32) and
/// still re-scores its `k × rerankFactor` best candidates exactly; each search reads that many
/// vectors from the source. Sources are called from several search threads at once.
public protocol RerankSource: Sendable {
    /// Copies the vector stored under `id`, as it was given to `upsert`, into `destination`
    /// (`dimension` floats). Returns false when the source has no vector for `id`; the
    /// candidate then keeps its quantized score.
    func copyVector(id: UInt64, into destination: UnsafeMutablePointer<Float>) -> Bool
}

extension RerankSource {
    /// The source's vector for `id` scored against a prepared query (normalized for cosine),
    /// or nil when the source has none.
    func exactScore(id: UInt64, query: UnsafePointer<Float>, dimension: Int, metric: VectorMetric) -> Float? {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: dimension) { buffer in
            let vector = buffer.baseAddress!
            guard copyVector(id: id, into: vector) else { return nil }
            let dot = DotProduct.float32(query, vector, count: dimension)
            guard metric == .cosine else { return dot }
            let length = DotProduct.float32(vector, vector, count: dimension).squareRoot()
            return length > 0 ? dot / length : dot
        }
    }
}

/// Where a quantized index finds the float32 rows it re-ranks against.
enum ExactRows {
    /// A float32 copy of every vector, held by the index and saved with it.
    case copy(VectorStore)
    /// The caller's vectors: nothing extra in memory or in the file.
    case source(any RerankSource)

    /// The index's own copy when it keeps one, else the caller's source; nil when the index
    /// does not re-rank.
    init?(copy: VectorStore?, source: (any RerankSource)?) {
        if let copy {
            self = .copy(copy)
        } else if let source {
            self = .source(source)
        } else {
            return nil
        }
    }

    /// `hits` scored again in float32, the best `k` kept; `slot` finds a hit's row in the copy.
    func rerank(
        _ hits: [SearchHit], query: UnsafePointer<Float>, k: Int, dimension: Int, metric: VectorMetric,
        slot: (UInt64) -> Int
    ) -> [SearchHit] {
        var selector = TopKSelector(k: k)
        for hit in hits {
            let score =
                switch self {
                case .copy(let store):
                    store.dot(query, slot: slot(hit.id))
                case .source(let source):
                    source.exactScore(id: hit.id, query: query, dimension: dimension, metric: metric) ?? hit.score
                }
            selector.offer(score: score, id: hit.id)
        }
        return selector.sortedHits()
    }

    /// The saved re-ranking factor, with the top bit set when the rows come from a source (the
    /// file then holds no float32 rows and loading needs the source again).
    static func encode(factor: Int, fromSource: Bool) -> UInt32 {
        UInt32(factor) | (fromSource ? sourceFlag : 0)
    }

    static func decode(_ field: UInt32) -> (factor: Int, fromSource: Bool) {
        (Int(field & ~sourceFlag), field & sourceFlag != 0)
    }

    /// The source a loaded index gets: the caller's when the file was saved with one (an error
    /// when the caller has none), else none, so the file's own float32 rows are read.
    static func source(_ given: (any RerankSource)?, forFileThatUsesOne fileUsesSource: Bool) throws -> (any RerankSource)? {
        guard fileUsesSource else { return nil }
        guard let given else {
            throw VectorIndexError.invalidArgument("this index re-ranks against the caller's vectors and was saved without them: pass its RerankSource to load")
        }
        return given
    }

    private static let sourceFlag: UInt32 = 1 << 31
}
