import Foundation
import Testing

@testable import VectorIndex

@Suite("HNSWIndex")
struct HNSWIndexTests {
    static let dimension = 32

    /// Clustered base and query vectors with their exact top-10.
    static func clusteredSet(seed: UInt64, count: Int, queries: Int = 50) -> (rows: [Float], ids: [UInt64], queries: [Float], truth: [[UInt64]]) {
        var data = TestData(seed: seed)
        let rows = data.clusteredRows(count, dimension: dimension, clusters: 25)
        let ids = (0..<count).map { UInt64($0) * 10 }
        let queryRows = data.clusteredRows(queries, dimension: dimension, clusters: 25)
        let truth = (0..<queries).map {
            BruteForce.search(queryRows[($0 * dimension)..<(($0 + 1) * dimension)], rows: rows, ids: ids, dimension: dimension, k: 10).map(\.id)
        }
        return (rows, ids, queryRows, truth)
    }

    @Test("recall@10 is at least 0.95 at default settings on clustered data")
    func defaultRecall() throws {
        let set = Self.clusteredSet(seed: 11, count: 1500)
        let index = try HNSWIndex(dimension: Self.dimension)
        try index.upsert(ids: set.ids, vectors: set.rows)
        #expect(index.count == 1500)
        let single = try (0..<50).map { try index.search(Array(set.queries[($0 * Self.dimension)..<(($0 + 1) * Self.dimension)]), k: 10) }
        let batch = try index.search(batch: set.queries, k: 10)
        #expect(batch == single)
        #expect(BruteForce.recall(single, truth: set.truth) >= 0.95)
    }

    @Test("one-at-a-time inserts build a graph as good as a batch build")
    func incrementalInsertRecall() throws {
        let set = Self.clusteredSet(seed: 12, count: 600)
        let index = try HNSWIndex(dimension: Self.dimension)
        for (row, id) in set.ids.enumerated() {
            try index.upsert(id: id, vector: Array(set.rows[(row * Self.dimension)..<((row + 1) * Self.dimension)]))
        }
        #expect(BruteForce.recall(try index.search(batch: set.queries, k: 10), truth: set.truth) >= 0.95)
    }

    @Test("empty index, one vector, k beyond the count")
    func edgeCases() throws {
        let index = try HNSWIndex(dimension: 4)
        #expect(try index.search([1, 0, 0, 0], k: 3).isEmpty)
        try index.upsert(id: 9, vector: [1, 1, 0, 0])
        let hits = try index.search([1, 0, 0, 0], k: 3)
        #expect(hits.map(\.id) == [9])
        #expect(abs(hits[0].score - Float(0.5).squareRoot()) < 1e-6)
        #expect(index.remove(id: 9))
        #expect(try index.search([1, 0, 0, 0], k: 3).isEmpty)
        #expect(throws: VectorIndexError.self) { try HNSWIndex(dimension: 4, parameters: HNSWParameters(m: 1)) }
    }

    @Test("inserts, deletes and upserts interleaved with searches stay consistent")
    func interleavedMutations() throws {
        let dimension = 16
        var data = TestData(seed: 13)
        let index = try HNSWIndex(dimension: dimension, parameters: HNSWParameters(efConstruction: 64))
        var live: [UInt64: [Float]] = [:]
        var nextID: UInt64 = 0
        for round in 0..<40 {
            let batch = 20 + Int(data.random.next() % 20)
            let rows = data.clusteredRows(batch, dimension: dimension, clusters: 8)
            let ids = (0..<batch).map { _ in
                nextID += 1
                return nextID
            }
            try index.upsert(ids: ids, vectors: rows)
            for (row, id) in ids.enumerated() { live[id] = Array(rows[(row * dimension)..<((row + 1) * dimension)]) }
            // Delete about a third of the live ids, replace a few others.
            for id in live.keys.sorted() where data.random.next() % 3 == 0 {
                #expect(index.remove(id: id))
                live[id] = nil
            }
            for id in live.keys.sorted().prefix(3) {
                let replacement = data.clusteredRows(1, dimension: dimension, clusters: 8)
                try index.upsert(id: id, vector: replacement)
                live[id] = replacement
            }
            #expect(index.count == live.count)
            // Every live vector finds itself; nothing deleted is ever returned.
            for id in live.keys.sorted().prefix(5) {
                let hits = try index.search(live[id]!, k: 5)
                #expect(hits.first?.id == id, "round \(round): \(id) not found first")
                #expect(hits.allSatisfy { live[$0.id] != nil })
            }
        }
        // Tombstones were compacted away at some point, so the graph did not grow without bound.
        #expect(index.nodeCount < Int(nextID) + 120)
        index.compact()
        #expect(index.nodeCount == live.count)
        let anyID = live.keys.min()!
        #expect(try index.search(live[anyID]!, k: 1).first?.id == anyID)
    }

    @Test("selective and broad filters return only allowed ids, best first")
    func filters() throws {
        let set = Self.clusteredSet(seed: 14, count: 1500, queries: 10)
        let index = try HNSWIndex(dimension: Self.dimension)
        try index.upsert(ids: set.ids, vectors: set.rows)
        let few = Set(set.ids.filter { $0 % 70 == 0 }) // about 215 ids: exact path
        let query = Array(set.queries[0..<Self.dimension])
        let expected = BruteForce.search(query[...], rows: set.rows, ids: set.ids, dimension: Self.dimension, k: 10) { few.contains($0) }
        #expect(try index.search(query, k: 10, filter: .allowing(few)).map(\.id) == expected.map(\.id))
        let rare = try index.search(query, k: 10, filter: .matching { $0 % 7000 == 0 }) // 3 ids pass
        #expect(rare.map(\.id).sorted() == [0, 700, 1400].map { UInt64($0) * 10 })
        let half = try index.search(query, k: 10, filter: .matching { $0 % 20 == 0 })
        #expect(half.count == 10)
        #expect(half.allSatisfy { $0.id % 20 == 0 })
    }

    @Test(
        "int8 and float16 storage keep recall; int8 with re-ranking",
        arguments: [
            (VectorEncoding.int8, 1), (VectorEncoding.int8, 3), (VectorEncoding.float16, 1),
        ])
    func quantizedRecall(encoding: VectorEncoding, rerankFactor: Int) throws {
        let set = Self.clusteredSet(seed: 15, count: 1000)
        let index = try HNSWIndex(dimension: Self.dimension, encoding: encoding, rerankFactor: rerankFactor)
        try index.upsert(ids: set.ids, vectors: set.rows)
        #expect(BruteForce.recall(try index.search(batch: set.queries, k: 10), truth: set.truth) >= 0.93)
    }

    @Test("save and load round trip keeps graph, tombstones and results", arguments: VectorEncoding.allCases)
    func roundTrip(encoding: VectorEncoding) throws {
        let directory = try TemporaryDirectory()
        let set = Self.clusteredSet(seed: 16, count: 600, queries: 10)
        let index = try HNSWIndex(dimension: Self.dimension, encoding: encoding, rerankFactor: 2)
        try index.upsert(ids: set.ids, vectors: set.rows)
        for id in set.ids.prefix(30) { index.remove(id: id) }
        let file = directory.file("graph.tsvi")
        try index.save(to: file)
        let loaded = try HNSWIndex.load(from: file)
        #expect(loaded.count == index.count)
        #expect(loaded.nodeCount == index.nodeCount)
        #expect(loaded.parameters == index.parameters)
        #expect(try loaded.search(batch: set.queries, k: 10) == index.search(batch: set.queries, k: 10))
        // The loaded index keeps accepting writes.
        try loaded.upsert(id: 123_456, vector: Array(set.queries[0..<Self.dimension]))
        #expect(try loaded.search(Array(set.queries[0..<Self.dimension]), k: 1).first?.id == 123_456)
    }

    @Test("concurrent searches while a writer upserts see consistent results")
    func concurrentReadersAndWriter() async throws {
        let set = Self.clusteredSet(seed: 17, count: 800, queries: 20)
        let index = try HNSWIndex(dimension: Self.dimension, parameters: HNSWParameters(efConstruction: 64))
        try index.upsert(ids: Array(set.ids.prefix(400)), vectors: Array(set.rows.prefix(400 * Self.dimension)))
        let allIDs = Set(set.ids)
        let queries = set.queries
        let dimension = Self.dimension
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                for start in stride(from: 400, to: 800, by: 50) {
                    try index.upsert(
                        ids: Array(set.ids[start..<(start + 50)]),
                        vectors: Array(set.rows[(start * dimension)..<((start + 50) * dimension)]))
                }
                return true
            }
            for reader in 0..<3 {
                group.addTask {
                    var valid = true
                    for round in 0..<30 {
                        let query = (reader + round) % 20
                        let hits = try index.search(Array(queries[(query * dimension)..<((query + 1) * dimension)]), k: 10)
                        valid = valid && hits.count == 10 && hits.allSatisfy { allIDs.contains($0.id) }
                    }
                    return valid
                }
            }
            for try await valid in group { #expect(valid) }
        }
        #expect(index.count == 800)
    }
}
