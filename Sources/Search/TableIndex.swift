import Foundation
import Synchronization
import VectorIndex

/// The in-memory vector index of one table: a cache of its rows in the `embeddings` table,
/// keyed by the records' auto numbers (stable, unique per table).
///
/// Exact flat search while the table is small; past `exactSearchLimit` vectors the index is
/// rebuilt once as HNSW. Only the indexer writes; any number of searches run at once.
final class TableIndex: Sendable {
    enum Kind: String, Sendable {
        case flat
        case hnsw
    }

    struct Entry: Sendable {
        let recordID: String
        let autoNumber: Int
        let contentHash: String
        let vector: [Float]
    }

    private struct State: Sendable {
        var kind: Kind
        var index: any VectorIndex
        var recordIDs: [UInt64: String] = [:]
        var numbers: [String: UInt64] = [:]
        var hashes: [String: String] = [:]
        /// Float32 copies kept while flat, so the switch to HNSW needs no database read.
        var flatVectors: [UInt64: [Float]] = [:]
    }

    let tableID: String
    let dimension: Int
    private let exactSearchLimit: Int
    private let state: Mutex<State>

    init(tableID: String, dimension: Int, exactSearchLimit: Int, entries: [Entry]) throws {
        self.tableID = tableID
        self.dimension = dimension
        self.exactSearchLimit = exactSearchLimit
        let kind: Kind = entries.count > exactSearchLimit ? .hnsw : .flat
        var state = State(kind: kind, index: try Self.makeIndex(kind, dimension: dimension))
        try Self.insert(entries, into: &state)
        self.state = Mutex(state)
    }

    var kind: Kind { state.withLock { $0.kind } }
    var count: Int { state.withLock { $0.recordIDs.count } }

    func contentHash(of recordID: String) -> String? {
        state.withLock { $0.hashes[recordID] }
    }

    /// Adds or replaces vectors; switches to HNSW when the table outgrows exact search.
    func upsert(_ entries: [Entry]) throws {
        guard !entries.isEmpty else { return }
        let needsGraph = try state.withLock { state -> Bool in
            try Self.insert(entries, into: &state)
            return state.kind == .flat && state.recordIDs.count > exactSearchLimit
        }
        if needsGraph { try switchToGraph() }
    }

    func remove(recordID: String) {
        state.withLock { state in
            guard let number = state.numbers.removeValue(forKey: recordID) else { return }
            state.recordIDs[number] = nil
            state.hashes[recordID] = nil
            state.flatVectors[number] = nil
            state.index.remove(id: number)
        }
    }

    /// Record ids and cosine scores, best first.
    func search(_ query: [Float], k: Int) throws -> [(recordID: String, score: Double)] {
        let (index, recordIDs) = state.withLock { ($0.index, $0.recordIDs) }
        guard k > 0, index.count > 0 else { return [] }
        return try index.search(query, k: min(k, index.count)).compactMap { hit in
            recordIDs[hit.id].map { ($0, Double(hit.score)) }
        }
    }

    /// Builds the graph from the float32 copies outside the lock, then swaps it in. Only the
    /// indexer writes, so nothing changes the table meanwhile.
    private func switchToGraph() throws {
        let vectors = state.withLock { $0.flatVectors }
        let graph = try Self.makeIndex(.hnsw, dimension: dimension)
        let ids = Array(vectors.keys)
        try graph.upsert(ids: ids, vectors: ids.flatMap { vectors[$0]! })
        state.withLock { state in
            state.kind = .hnsw
            state.index = graph
            state.flatVectors = [:]
        }
    }

    private static func insert(_ entries: [Entry], into state: inout State) throws {
        var ids: [UInt64] = []
        var rows: [Float] = []
        ids.reserveCapacity(entries.count)
        for entry in entries {
            let number = UInt64(entry.autoNumber)
            if let old = state.numbers[entry.recordID], old != number { state.recordIDs[old] = nil }
            state.recordIDs[number] = entry.recordID
            state.numbers[entry.recordID] = number
            state.hashes[entry.recordID] = entry.contentHash
            if state.kind == .flat { state.flatVectors[number] = entry.vector }
            ids.append(number)
            rows.append(contentsOf: entry.vector)
        }
        try state.index.upsert(ids: ids, vectors: rows)
    }

    private static func makeIndex(_ kind: Kind, dimension: Int) throws -> any VectorIndex {
        switch kind {
        case .flat: try FlatIndex(dimension: dimension)
        case .hnsw: try HNSWIndex(dimension: dimension)
        }
    }
}
