import Foundation
import Testing

@testable import VectorIndex

@Suite("FlatIndex")
struct FlatIndexTests {
    /// Batch paths this machine can run: the fused kernel needs AVX2 and FMA.
    static let scorings: [FlatIndex.BatchScoring] = TiledBatchScan.isAvailable ? [.tiled, .blas] : [.blas]

    @Test("equals brute force on integer data with duplicates and ties, for every k", arguments: scorings)
    func exactWithTies(scoring: FlatIndex.BatchScoring) throws {
        let dimension = 12
        var data = TestData(seed: 1)
        // Several blocks per batch worker, so thresholds rise while ties keep arriving.
        var rows = data.integerRows(1200, dimension: dimension, range: -2...2)
        rows += rows[0..<(200 * dimension)] // 200 exact duplicates under other ids
        // Shuffled, so a later row can tie with a kept one and still win on its smaller id.
        let ids = (0..<1400).map { UInt64($0 * 7 + 3) }.shuffled(using: &data.random)
        let index = try FlatIndex(dimension: dimension, metric: .innerProduct)
        index.batchScoring = scoring
        try index.upsert(ids: ids, vectors: rows)
        let queries = data.integerRows(25, dimension: dimension, range: -2...2)
        for k in [1, 5, 10, 64, 1399, 1400, 1500] {
            let batch = try index.search(batch: queries, k: k)
            for query in 0..<25 {
                let slice = queries[(query * dimension)..<((query + 1) * dimension)]
                let expected = BruteForce.search(slice, rows: rows, ids: ids, dimension: dimension, k: k)
                let hits = try index.search(Array(slice), k: k)
                #expect(hits.map(\.id) == expected.map(\.id))
                #expect(hits.map { Double($0.score) } == expected.map(\.score))
                #expect(batch[query] == hits)
            }
        }
    }

    @Test("matches brute-force scores on random float data, one query and batched", arguments: scorings)
    func exactOnRandomFloats(scoring: FlatIndex.BatchScoring) throws {
        let dimension = 40
        var data = TestData(seed: 2)
        // More than one block on either path, ending in a partial block and a partial panel.
        let rows = data.gaussianRows(5000, dimension: dimension)
        let ids = (0..<5000).map { UInt64($0) }
        let index = try FlatIndex(dimension: dimension, metric: .innerProduct)
        index.batchScoring = scoring
        try index.upsert(ids: ids, vectors: rows)
        let queries = data.gaussianRows(20, dimension: dimension)
        let batch = try index.search(batch: queries, k: 10)
        for query in 0..<20 {
            let slice = queries[(query * dimension)..<((query + 1) * dimension)]
            let expected = BruteForce.search(slice, rows: rows, ids: ids, dimension: dimension, k: 10)
            for hits in [try index.search(Array(slice), k: 10), batch[query]] {
                #expect(hits.count == 10)
                for (hit, truth) in zip(hits, expected) {
                    #expect(abs(Double(hit.score) - truth.score) < 1e-3)
                }
                #expect(Set(hits.map(\.id)) == Set(expected.map(\.id)))
            }
        }
    }

    @Test("empty index, a single vector, k of zero and k beyond the count")
    func edgeCases() throws {
        let index = try FlatIndex(dimension: 3)
        #expect(try index.search([1, 0, 0], k: 5).isEmpty)
        #expect(try index.search(batch: [1, 0, 0, 0, 1, 0], k: 5) == [[], []])
        try index.upsert(id: 42, vector: [0, 3, 4])
        let hits = try index.search([0, 0, 1], k: 10)
        #expect(hits.count == 1)
        #expect(hits.first?.id == 42)
        #expect(abs((hits.first?.score ?? 0) - 0.8) < 1e-6)
        #expect(try index.search([0, 0, 1], k: 0).isEmpty)
        #expect(throws: VectorIndexError.invalidArgument("k must not be negative, got -1")) {
            try index.search([0, 0, 1], k: -1)
        }
    }

    @Test("bad input is rejected with a clear error")
    func rejectsBadInput() throws {
        let index = try FlatIndex(dimension: 3)
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 3, actual: 2)) { try index.upsert(id: 1, vector: [1, 2]) }
        #expect(throws: VectorIndexError.self) { try index.upsert(id: 1, vector: [1, .nan, 2]) }
        #expect(throws: VectorIndexError.self) { try index.upsert(id: 1, vector: [0, 0, 0]) }
        #expect(throws: VectorIndexError.self) { try index.upsert(ids: [1, 2], vectors: [1, 2, 3]) }
        #expect(throws: VectorIndexError.self) { try index.search(batch: [1, 2, 3, 4], k: 1) }
        #expect(throws: VectorIndexError.self) { try FlatIndex(dimension: 0) }
        #expect(index.count == 0)
    }

    @Test("upsert replaces, remove deletes, and search sees both")
    func upsertAndRemove() throws {
        let index = try FlatIndex(dimension: 2, metric: .innerProduct)
        try index.upsert(ids: [1, 2, 3], vectors: [1, 0, 0, 1, -1, 0])
        #expect(try index.search([1, 0], k: 1).map(\.id) == [1])
        try index.upsert(id: 3, vector: [5, 0])
        #expect(index.count == 3)
        #expect(try index.search([1, 0], k: 1).map(\.id) == [3])
        #expect(index.remove(id: 3))
        #expect(!index.remove(id: 3))
        #expect(!index.contains(id: 3))
        #expect(try index.search([1, 0], k: 3).map(\.id) == [1, 2])
        #expect(index.remove(id: 1))
        #expect(try index.search([1, 0], k: 3).map(\.id) == [2])
    }

    @Test("a batch of more queries than one block equals one query at a time", arguments: scorings)
    func batchAcrossQueryBlocks(scoring: FlatIndex.BatchScoring) throws {
        let dimension = 12
        var data = TestData(seed: 6)
        let index = try FlatIndex(dimension: dimension, metric: .innerProduct)
        index.batchScoring = scoring
        try index.upsert(ids: (0..<700).map { UInt64($0) }, vectors: data.integerRows(700, dimension: dimension, range: -2...2))
        let queryCount = FlatIndex.queryBlock + 7
        let queries = data.integerRows(queryCount, dimension: dimension, range: -2...2)
        let batch = try index.search(batch: queries, k: 4)
        #expect(batch.count == queryCount)
        for query in stride(from: 0, to: queryCount, by: 37) + [queryCount - 1] {
            #expect(batch[query] == (try index.search(Array(queries[(query * dimension)..<((query + 1) * dimension)]), k: 4)))
        }
    }

    @Test("filters return the best allowed vectors", arguments: [2, 400], scorings)
    func filters(allowedCount: Int, scoring: FlatIndex.BatchScoring) throws {
        let dimension = 16
        var data = TestData(seed: 3)
        let rows = data.gaussianRows(800, dimension: dimension)
        let ids = (0..<800).map { UInt64($0) }
        let index = try FlatIndex(dimension: dimension, metric: .innerProduct)
        index.batchScoring = scoring
        try index.upsert(ids: ids, vectors: rows)
        let allowed = Set(ids.shuffled(using: &data.random).prefix(allowedCount))
        let query = data.gaussianRows(1, dimension: dimension)
        let expected = BruteForce.search(query[...], rows: rows, ids: ids, dimension: dimension, k: 5) { allowed.contains($0) }
        #expect(try index.search(query, k: 5, filter: .allowing(allowed)).map(\.id) == expected.map(\.id))
        #expect(try index.search(query, k: 5, filter: .matching { allowed.contains($0) }).map(\.id) == expected.map(\.id))
        #expect(try index.search(batch: query, k: 5, filter: .allowing(allowed)).first?.map(\.id) == expected.map(\.id))
        #expect(try index.search(batch: query, k: 5, filter: .matching { allowed.contains($0) }).first?.map(\.id) == expected.map(\.id))
    }

    @Test("quantized storage keeps recall, and re-ranking restores exact order", arguments: [VectorEncoding.int8, .float16], scorings)
    func quantizedRecall(encoding: VectorEncoding, scoring: FlatIndex.BatchScoring) throws {
        let dimension = 48
        var data = TestData(seed: 4)
        let rows = data.clusteredRows(2000, dimension: dimension, clusters: 30)
        let ids = (0..<2000).map { UInt64($0) }
        let queries = data.clusteredRows(40, dimension: dimension, clusters: 30)
        let truth = (0..<40).map {
            BruteForce.search(queries[($0 * dimension)..<(($0 + 1) * dimension)], rows: rows, ids: ids, dimension: dimension, k: 10).map(\.id)
        }
        let plain = try FlatIndex(dimension: dimension, encoding: encoding)
        let reranked = try FlatIndex(dimension: dimension, encoding: encoding, rerankFactor: 4)
        plain.batchScoring = scoring
        reranked.batchScoring = scoring
        try plain.upsert(ids: ids, vectors: rows)
        try reranked.upsert(ids: ids, vectors: rows)
        let single = try (0..<40).map { try plain.search(Array(queries[($0 * dimension)..<(($0 + 1) * dimension)]), k: 10) }
        #expect(BruteForce.recall(single, truth: truth) >= 0.9)
        #expect(BruteForce.recall(try plain.search(batch: queries, k: 10), truth: truth) >= 0.9)
        #expect(BruteForce.recall(try reranked.search(batch: queries, k: 10), truth: truth) >= 0.99)
        #expect(plain.memoryBytes < 2000 * dimension * 4 / 2 + 2000 * 12)
    }

    @Test("save and load round trip for every encoding", arguments: VectorEncoding.allCases)
    func roundTrip(encoding: VectorEncoding) throws {
        let directory = try TemporaryDirectory()
        let dimension = 20
        var data = TestData(seed: 5)
        let rows = data.gaussianRows(300, dimension: dimension)
        let index = try FlatIndex(dimension: dimension, encoding: encoding, rerankFactor: 2)
        try index.upsert(ids: (0..<300).map { UInt64($0) * 3 }, vectors: rows)
        index.remove(id: 6)
        let file = directory.file("flat.tsvi")
        try index.save(to: file)
        let loaded = try FlatIndex.load(from: file)
        #expect(loaded.count == 299)
        #expect(loaded.encoding == encoding)
        #expect(loaded.rerankFactor == index.rerankFactor)
        let queries = data.gaussianRows(10, dimension: dimension)
        #expect(try loaded.search(batch: queries, k: 7) == index.search(batch: queries, k: 7))
    }
}
