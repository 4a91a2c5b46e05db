/// Checks incoming vectors against an index's dimension and metric, and normalizes them when
/// the metric is cosine.
struct VectorPreparation: Sendable {
    let dimension: Int
    let metric: VectorMetric

    func prepare(_ vector: [Float]) throws -> [Float] {
        guard vector.count == dimension else {
            throw VectorIndexError.dimensionMismatch(expected: dimension, actual: vector.count)
        }
        var copy = vector
        try copy.withUnsafeMutableBufferPointer { try prepareRow($0.baseAddress!, row: 0) }
        return copy
    }

    /// Validates (and for cosine normalizes) `rows` row-major vectors in one flat array.
    func prepare(rows vectors: [Float], rowCount: Int) throws -> [Float] {
        guard vectors.count == rowCount * dimension else {
            throw VectorIndexError.invalidArgument(
                "expected \(rowCount) × \(dimension) = \(rowCount * dimension) floats, got \(vectors.count)")
        }
        var copy = vectors
        try copy.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rowCount { try prepareRow(buffer.baseAddress! + row * dimension, row: row) }
        }
        return copy
    }

    private func prepareRow(_ row: UnsafeMutablePointer<Float>, row index: Int) throws {
        var squares: Float = 0
        for component in 0..<dimension {
            let value = row[component]
            guard value.isFinite else {
                throw VectorIndexError.invalidVector("row \(index) has a non-finite value at dimension \(component)")
            }
            squares += value * value
        }
        guard metric == .cosine else { return }
        guard squares > 0, squares.isFinite else {
            throw VectorIndexError.invalidVector("row \(index) has zero (or overflowing) length and no direction for cosine similarity")
        }
        let inverse = 1 / squares.squareRoot()
        for component in 0..<dimension { row[component] *= inverse }
    }
}
