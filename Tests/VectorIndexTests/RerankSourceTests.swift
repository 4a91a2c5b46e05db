import Foundation
import Testing

@testable import VectorIndex

/// Re-ranking against the caller's vectors must give what re-ranking against the index's own
/// float32 copy gives, without the copy's memory or file bytes.
@Suite("Re-ranking from a RerankSource")
struct RerankSourceTests {
    static let dimension = 24
    static let count = 1500

    /// Integer rows and inner product: every float32 score is exact, so both ways of
    /// re-ranking must agree to the bit.
    struct Data {
        var rows: [Float]
        var ids: [UInt64]
        var queries: [Float]
        var source: ArrayRerankSource

        init(seed: UInt64) {
            var data = TestData(seed: seed)
            rows = data.integerRows(RerankSourceTests.count, dimension: RerankSourceTests.dimension, range: -3...3)
            ids = (0..<RerankSourceTests.count).map { UInt64($0 * 3 + 1) }
            queries = data.integerRows(30, dimension: RerankSourceTests.dimension, range: -3...3)
            source = ArrayRerankSource(rows: rows, ids: ids, dimension: RerankSourceTests.dimension)
        }
    }

    enum Kind: CaseIterable {
        case flat, hnsw

        func make(source: (any RerankSource)?) throws -> any VectorIndex {
            switch self {
            case .flat:
                try FlatIndex(dimension: dimension, metric: .innerProduct, encoding: .int8, rerankFactor: 4, rerankSource: source)
            case .hnsw:
                // One thread: a parallel build links in a varying order, and both indexes need one graph.
                try HNSWIndex(dimension: dimension, metric: .innerProduct, encoding: .int8, rerankFactor: 4, rerankSource: source, threads: 1)
            }
        }

        func load(_ url: URL, source: (any RerankSource)?) throws -> any VectorIndex {
            switch self {
            case .flat: try FlatIndex.load(from: url, rerankSource: source)
            case .hnsw: try HNSWIndex.load(from: url, rerankSource: source)
            }
        }
    }

    @Test("same results as a kept float32 copy, without its memory", arguments: Kind.allCases)
    func matchesTheCopy(kind: Kind) throws {
        let data = Data(seed: 21)
        let withCopy = try kind.make(source: nil)
        let withSource = try kind.make(source: data.source)
        try withCopy.upsert(ids: data.ids, vectors: data.rows)
        try withSource.upsert(ids: data.ids, vectors: data.rows)
        #expect(try withSource.search(batch: data.queries, k: 10) == withCopy.search(batch: data.queries, k: 10))
        let query = Array(data.queries[0..<Self.dimension])
        #expect(try withSource.search(query, k: 10) == withCopy.search(query, k: 10))
        #expect(withSource.memoryBytes <= withCopy.memoryBytes - Self.count * Self.dimension * 4)
    }

    @Test("a vector the source lacks keeps its quantized score")
    func missingVectorKeepsQuantizedScore() throws {
        var data = Data(seed: 22)
        data.source.missing = Set(data.ids)
        let plain = try FlatIndex(dimension: Self.dimension, metric: .innerProduct, encoding: .int8)
        let withSource = try FlatIndex(
            dimension: Self.dimension, metric: .innerProduct, encoding: .int8, rerankFactor: 4,
            rerankSource: data.source)
        try plain.upsert(ids: data.ids, vectors: data.rows)
        try withSource.upsert(ids: data.ids, vectors: data.rows)
        #expect(try withSource.search(batch: data.queries, k: 10) == plain.search(batch: data.queries, k: 10))
    }

    @Test("cosine: the source's raw vectors are normalized like the index's rows")
    func cosineNormalizesTheSourceVectors() throws {
        var random = TestData(seed: 23)
        let rows = random.gaussianRows(Self.count, dimension: Self.dimension).map { $0 * 5 }
        let ids = (0..<Self.count).map { UInt64($0) }
        let queries = random.gaussianRows(10, dimension: Self.dimension)
        let withCopy = try HNSWIndex(dimension: Self.dimension, encoding: .int8, rerankFactor: 4, threads: 1)
        let withSource = try HNSWIndex(
            dimension: Self.dimension, encoding: .int8, rerankFactor: 4,
            rerankSource: ArrayRerankSource(rows: rows, ids: ids, dimension: Self.dimension), threads: 1)
        try withCopy.upsert(ids: ids, vectors: rows)
        try withSource.upsert(ids: ids, vectors: rows)
        for (fromCopy, fromSource) in zip(try withCopy.search(batch: queries, k: 10), try withSource.search(batch: queries, k: 10)) {
            #expect(fromSource.map(\.id) == fromCopy.map(\.id))
            for (a, b) in zip(fromSource, fromCopy) { #expect(abs(a.score - b.score) < 1e-5) }
        }
    }

    @Test("saved without float32 rows; loading needs the source again", arguments: Kind.allCases)
    func saveAndLoad(kind: Kind) throws {
        let directory = try TemporaryDirectory()
        let data = Data(seed: 24)
        let withCopy = try kind.make(source: nil)
        let withSource = try kind.make(source: data.source)
        try withCopy.upsert(ids: data.ids, vectors: data.rows)
        try withSource.upsert(ids: data.ids, vectors: data.rows)
        let copyFile = directory.file("copy.tsvi")
        let sourceFile = directory.file("source.tsvi")
        try withCopy.save(to: copyFile)
        try withSource.save(to: sourceFile)
        let size = { (url: URL) in try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int }
        #expect(try size(sourceFile) <= size(copyFile) - Self.count * Self.dimension * 4)

        #expect(throws: VectorIndexError.self) { try kind.load(sourceFile, source: nil) }
        let loaded = try kind.load(sourceFile, source: data.source)
        #expect(try loaded.search(batch: data.queries, k: 10) == withSource.search(batch: data.queries, k: 10))
        // A file with its own rows reads them and ignores a source.
        let reloaded = try kind.load(copyFile, source: data.source)
        #expect(try reloaded.search(batch: data.queries, k: 10) == withCopy.search(batch: data.queries, k: 10))
    }
}
