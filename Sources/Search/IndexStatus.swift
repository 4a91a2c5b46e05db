/// What `GET …/search/status` and `tessera search --explain` show about one table's index.
public struct IndexStatus: Sendable, Equatable {
    public struct Reindex: Sendable, Equatable {
        public let done: Int
        public let total: Int
    }

    /// "flat" (exact) or "hnsw"; "none" before the table has any vector.
    public let kind: String
    public let vectors: Int
    public let model: String
    public let dimension: Int
    /// The last event of the log the indexer has applied.
    public let indexedThrough: Int64
    /// Events in the log the indexer has not applied yet (all tables).
    public let eventsBehind: Int64
    /// Set while the table is re-indexed after its searchable fields changed.
    public let reindex: Reindex?
}
