import Foundation

/// An in-memory vector index keyed by caller-chosen 64-bit ids.
///
/// Thread safety: every index is a `final class` guarding its state with a readers–writer
/// lock (writers preferred), so it is `Sendable` and can be shared across tasks. Any number of
/// searches and `save`s run at once; `upsert`, `remove` and `compact` take the lock
/// exclusively, one writer at a time, and searches wait for it. Batch calls spread their work
/// over the index's `threads` worker threads inside that one call.
public protocol VectorIndex: AnyObject, Sendable {
    var dimension: Int { get }
    var metric: VectorMetric { get }
    var encoding: VectorEncoding { get }
    /// Number of live vectors.
    var count: Int { get }
    /// Bytes held by vectors, codes and graph (what the index costs in memory).
    var memoryBytes: Int { get }

    func contains(id: UInt64) -> Bool
    /// Inserts the vector, or replaces the one stored under `id`.
    func upsert(id: UInt64, vector: [Float]) throws
    /// Upserts many rows at once. `vectors` is row-major, `ids.count × dimension` floats.
    func upsert(ids: [UInt64], vectors: [Float]) throws
    /// Removes the vector stored under `id`; returns false when there was none.
    @discardableResult func remove(id: UInt64) -> Bool
    /// The `k` closest vectors, best first, ties broken by the smaller id.
    func search(_ query: [Float], k: Int, filter: SearchFilter?) throws -> [SearchHit]
    /// One result list per query; `queries` is row-major, `n × dimension` floats.
    func search(batch queries: [Float], k: Int, filter: SearchFilter?) throws -> [[SearchHit]]
    /// Writes the index to one file, atomically (temporary file, then rename).
    func save(to url: URL) throws
}

extension VectorIndex {
    public func search(_ query: [Float], k: Int) throws -> [SearchHit] {
        try search(query, k: k, filter: nil)
    }

    public func search(batch queries: [Float], k: Int) throws -> [[SearchHit]] {
        try search(batch: queries, k: k, filter: nil)
    }
}
