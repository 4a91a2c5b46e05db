import Foundation

@testable import VectorIndex

/// Deterministic data for the tests: a seeded generator, clustered vectors like real
/// embeddings, and brute-force answers computed in Double.
struct TestData {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func uniform() -> Float {
        Float(Double(random.next() >> 11) * 0x1p-53)
    }

    mutating func gaussian() -> Float {
        let u1 = max(Double(uniform()), 1e-12)
        let u2 = Double(uniform())
        return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }

    mutating func gaussianRows(_ count: Int, dimension: Int) -> [Float] {
        (0..<(count * dimension)).map { _ in gaussian() }
    }

    /// Small integers, so every inner product is exact in Float and ties are real ties.
    mutating func integerRows(_ count: Int, dimension: Int, range: ClosedRange<Int> = -3...3) -> [Float] {
        (0..<(count * dimension)).map { _ in Float(Int(random.next() % UInt64(range.count)) + range.lowerBound) }
    }

    /// Points scattered around `clusters` random centres, then L2-normalized.
    mutating func clusteredRows(_ count: Int, dimension: Int, clusters: Int, spread: Float = 0.35) -> [Float] {
        let centres = gaussianRows(clusters, dimension: dimension)
        var rows: [Float] = []
        rows.reserveCapacity(count * dimension)
        for _ in 0..<count {
            let centre = Int(random.next() % UInt64(clusters))
            var row = (0..<dimension).map { centres[centre * dimension + $0] + spread * gaussian() }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            row = row.map { $0 / norm }
            rows += row
        }
        return rows
    }
}

enum BruteForce {
    /// Exact top-k by inner product in Double, ties by the smaller id.
    static func search(
        _ query: ArraySlice<Float>, rows: [Float], ids: [UInt64], dimension: Int, k: Int,
        allowed: (UInt64) -> Bool = { _ in true }
    ) -> [(id: UInt64, score: Double)] {
        let query = Array(query)
        var scored: [(id: UInt64, score: Double)] = []
        for (row, id) in ids.enumerated() where allowed(id) {
            var sum = 0.0
            for component in 0..<dimension { sum += Double(query[component]) * Double(rows[row * dimension + component]) }
            scored.append((id, sum))
        }
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
        return Array(scored.prefix(k))
    }

    static func normalized(_ rows: [Float], dimension: Int) -> [Float] {
        var result = rows
        for row in 0..<(rows.count / dimension) {
            let slice = result[(row * dimension)..<((row + 1) * dimension)]
            let norm = slice.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for component in 0..<dimension { result[row * dimension + component] /= norm }
        }
        return result
    }

    /// Fraction of the true top-k ids found.
    static func recall(_ hits: [[SearchHit]], truth: [[UInt64]]) -> Double {
        var found = 0
        var total = 0
        for (result, expected) in zip(hits, truth) {
            found += Set(result.map(\.id)).intersection(expected).count
            total += expected.count
        }
        return Double(found) / Double(max(total, 1))
    }
}

/// A temporary directory removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vector-index-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// The caller's float32 vectors, kept in an array, for re-ranking; `missing` ids are withheld.
struct ArrayRerankSource: RerankSource {
    let rows: [Float]
    let dimension: Int
    let rowOfID: [UInt64: Int]
    var missing: Set<UInt64> = []

    init(rows: [Float], ids: [UInt64], dimension: Int) {
        self.rows = rows
        self.dimension = dimension
        rowOfID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    }

    func copyVector(id: UInt64, into destination: UnsafeMutablePointer<Float>) -> Bool {
        guard let row = rowOfID[id], !missing.contains(id) else { return false }
        rows.withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + row * dimension, count: dimension) }
        return true
    }
}
