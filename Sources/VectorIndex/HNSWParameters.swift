/// Tuning of an ``HNSWIndex``. The defaults reach recall@10 ≥ 0.95 on sentence embeddings.
public struct HNSWParameters: Sendable, Hashable {
    /// Links per node on the upper layers; layer 0 keeps `2 × m`.
    public var m: Int
    /// Candidate list size while inserting: larger builds a better graph, more slowly.
    public var efConstruction: Int
    /// Candidate list size while searching (at least k is used): the recall/speed knob.
    public var efSearch: Int
    /// An allowed-id filter this small is answered by exact scoring of those ids, which is
    /// both faster and exact where graph search would wander past mostly excluded nodes.
    public var exactFilterLimit: Int
    /// Seeds the random layer assignment, so builds are reproducible given the same order.
    public var seed: UInt64

    public init(m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64, exactFilterLimit: Int = 2048, seed: UInt64 = 0x5EED) {
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.exactFilterLimit = exactFilterLimit
        self.seed = seed
    }

    func validate() throws {
        guard (2...255).contains(m) else { throw VectorIndexError.invalidArgument("m must be in 2...255, got \(m)") }
        guard efConstruction >= 1 else { throw VectorIndexError.invalidArgument("efConstruction must be positive, got \(efConstruction)") }
        guard efSearch >= 1 else { throw VectorIndexError.invalidArgument("efSearch must be positive, got \(efSearch)") }
        guard exactFilterLimit >= 0 else { throw VectorIndexError.invalidArgument("exactFilterLimit must not be negative") }
    }
}
