import ArgumentParser
import Foundation
import VectorIndex

/// Builds one index over a base set and reports build time, memory, and recall@k with
/// queries per second (one query at a time, and all queries in one batch call).
@main
struct VectorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vector-bench",
        abstract: "Measure the Tessera vector index on .npy data (see Benchmarks/README.md)."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case flat, hnsw
        case flatInt8 = "flat-int8", hnswInt8 = "hnsw-int8"
        case flatFP16 = "flat-fp16", hnswFP16 = "hnsw-fp16"

        var encoding: VectorEncoding {
            switch self {
            case .flat, .hnsw: .float32
            case .flatInt8, .hnswInt8: .int8
            case .flatFP16, .hnswFP16: .float16
            }
        }

        var isGraph: Bool { [.hnsw, .hnswInt8, .hnswFP16].contains(self) }
    }

    @Option(help: "Base vectors, float32 .npy (N × d).") var base: String
    @Option(help: "Query vectors, float32 .npy (Q × d).") var queries: String
    @Option(name: .customLong("ground-truth"), help: "Exact neighbour ids, int64 .npy (Q × ≥k).") var groundTruth: String
    @Option(help: "Neighbours per query.") var k = 10
    @Option(help: "Index kind.") var index: Kind = .flat
    @Option(name: .customLong("ef-search"), help: "Comma-separated efSearch values (HNSW).") var efSearch = "16,32,64,128,256"
    @Option(help: "Worker threads for build and batch search.") var threads = 2
    @Option(help: "HNSW links per node.") var m = 16
    @Option(name: .customLong("ef-construction"), help: "HNSW build width.") var efConstruction = 200
    @Option(help: "Re-rank k × this many candidates in float32 (quantized kinds; 1 = off).") var rerank = 1
    @Flag(
        name: .customLong("rerank-from-base"),
        help: "Re-rank against the base vectors this program holds (a RerankSource), not a float32 copy in the index.")
    var rerankFromBase = false
    @Option(name: .customLong("single-queries"), help: "Queries timed one at a time (default: all).") var singleQueries: Int?
    @Option(help: "Time each setting this many times and report the median queries per second.") var rounds = 1
    @Option(name: .customLong("save-index"), help: "Write the built index to this file (HNSW kinds).") var saveIndex: String?
    @Option(name: .customLong("load-index"), help: "Load the index from this file instead of building it (HNSW kinds).")
    var loadIndex: String?
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    struct Setting: Encodable {
        var efSearch: Int?
        var recall: Double
        var qpsSingle: Double
        var qpsBatch: Double

        enum CodingKeys: CodingKey { case efSearch, recall, qpsSingle, qpsBatch }

        // Flat indexes report "ef_search": null rather than leaving the key out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(efSearch, forKey: .efSearch)
            try container.encode(recall, forKey: .recall)
            try container.encode(qpsSingle, forKey: .qpsSingle)
            try container.encode(qpsBatch, forKey: .qpsBatch)
        }
    }

    struct Report: Encodable {
        var index: String
        var threads: Int
        var baseCount: Int
        var dimension: Int
        /// Nil when the index was loaded from a file rather than built.
        var buildSeconds: Double?
        var indexBytes: Int
        var results: [Setting]
    }

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1, got \(rounds)") }
        if (saveIndex != nil || loadIndex != nil) && !index.isGraph {
            throw ValidationError("--save-index and --load-index need an HNSW kind, not \(index.rawValue)")
        }
        if saveIndex != nil && loadIndex != nil { throw ValidationError("give --save-index or --load-index, not both") }
    }

    func run() throws {
        let baseArray = try NpyArray<Float>(contentsOf: URL(fileURLWithPath: base), dtype: "<f4")
        let queryArray = try NpyArray<Float>(contentsOf: URL(fileURLWithPath: queries), dtype: "<f4")
        let truth = try NpyArray<Int64>(contentsOf: URL(fileURLWithPath: groundTruth), dtype: "<i8")
        guard baseArray.columns == queryArray.columns else {
            throw ValidationError("base has \(baseArray.columns) dimensions, queries \(queryArray.columns)")
        }
        guard truth.rows == queryArray.rows, truth.columns >= k else {
            throw ValidationError("ground truth is \(truth.rows) × \(truth.columns), need \(queryArray.rows) × ≥\(k)")
        }
        let dimension = baseArray.columns
        let ids = (0..<baseArray.rows).map { UInt64($0) }
        let source = rerankFromBase ? BaseRows(values: baseArray.values, dimension: dimension) : nil

        let vectorIndex: any VectorIndex
        var buildSeconds: Double?
        if let loadIndex {
            let graph = try HNSWIndex.load(from: URL(fileURLWithPath: loadIndex), rerankSource: source, threads: threads)
            guard graph.encoding == index.encoding else {
                throw ValidationError("\(loadIndex) holds a \(graph.encoding) index, --index \(index.rawValue) is \(index.encoding)")
            }
            vectorIndex = graph
        } else {
            if index.isGraph {
                vectorIndex = try HNSWIndex(
                    dimension: dimension, metric: .innerProduct, encoding: index.encoding,
                    parameters: HNSWParameters(m: m, efConstruction: efConstruction),
                    rerankFactor: rerank, rerankSource: source, threads: threads)
            } else {
                vectorIndex = try FlatIndex(
                    dimension: dimension, metric: .innerProduct, encoding: index.encoding,
                    rerankFactor: rerank, rerankSource: source, threads: threads)
            }
            let buildStart = ContinuousClock.now
            try vectorIndex.upsert(ids: ids, vectors: baseArray.values)
            buildSeconds = (ContinuousClock.now - buildStart).seconds
        }
        if let saveIndex, let graph = vectorIndex as? HNSWIndex {
            try graph.save(to: URL(fileURLWithPath: saveIndex))
        }

        let expected = (0..<truth.rows).map { row in Set(truth.values[(row * truth.columns)..<(row * truth.columns + k)].map { UInt64($0) }) }
        let settings: [Int?] = index.isGraph ? efSearch.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) } : [nil]
        var results: [Setting] = []
        for ef in settings {
            if let graph = vectorIndex as? HNSWIndex, let ef { graph.efSearch = ef }
            let singleCount = min(singleQueries ?? queryArray.rows, queryArray.rows)
            var singleRates: [Double] = []
            var batchRates: [Double] = []
            var batchHits: [[SearchHit]] = []
            for _ in 0..<rounds {
                let singleStart = ContinuousClock.now
                var singleHits: [[SearchHit]] = []
                for row in 0..<singleCount {
                    singleHits.append(try vectorIndex.search(Array(queryArray.values[(row * dimension)..<((row + 1) * dimension)]), k: k))
                }
                singleRates.append(Double(singleCount) / (ContinuousClock.now - singleStart).seconds)
                let batchStart = ContinuousClock.now
                batchHits = try vectorIndex.search(batch: queryArray.values, k: k)
                batchRates.append(Double(queryArray.rows) / (ContinuousClock.now - batchStart).seconds)
            }
            let found = zip(batchHits, expected).reduce(0) { $0 + Set($1.0.map(\.id)).intersection($1.1).count }
            results.append(
                Setting(
                    efSearch: ef,
                    recall: Double(found) / Double(expected.count * k),
                    qpsSingle: median(singleRates),
                    qpsBatch: median(batchRates)))
        }
        let report = Report(
            index: index.rawValue, threads: threads, baseCount: baseArray.rows, dimension: dimension,
            buildSeconds: buildSeconds, indexBytes: vectorIndex.memoryBytes, results: results)
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase // the scripts read ef_search, qps_single, …
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            let built = buildSeconds.map { "build \(String(format: "%.2f", $0)) s" } ?? "loaded"
            print("\(report.index): \(report.baseCount) × \(dimension), \(built), \(report.indexBytes / 1_000_000) MB")
            for setting in results {
                print(
                    "  ef \(setting.efSearch.map(String.init) ?? "-"): recall@\(k) \(String(format: "%.4f", setting.recall)), "
                        + "\(String(format: "%.0f", setting.qpsSingle)) q/s single, \(String(format: "%.0f", setting.qpsBatch)) q/s batch")
            }
        }
    }
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// The base set as the re-ranking vectors: id n is row n. The benchmark holds these rows anyway,
/// as the anchors' callers hold their numpy arrays outside the indexes they measure.
struct BaseRows: RerankSource {
    let values: [Float]
    let dimension: Int

    func copyVector(id: UInt64, into destination: UnsafeMutablePointer<Float>) -> Bool {
        let row = Int(id)
        guard row < values.count / dimension else { return false }
        values.withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + row * dimension, count: dimension) }
        return true
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
