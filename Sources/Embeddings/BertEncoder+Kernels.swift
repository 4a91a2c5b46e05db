internal import CBLAS
import Foundation

/// The element-wise and row-wise steps between the matrix products.
extension BertEncoder {
    /// Up to this many rows (a short query's tokens) go through the small-product kernel.
    static let smallProductRows = 32
    static let smallProductKernel = tessera_avx2_fma_available() != 0
    /// A small product's output columns are split over this many threads: one query's latency
    /// is what matters there, and dispatch's workers wait without spinning when busy.
    static let smallProductThreads = min(4, ProcessInfo.processInfo.activeProcessorCount)

    /// `output[rows, linear.outputs] = input[rows, linear.inputs] · Wᵀ`, bias not added.
    static func multiply(_ input: UnsafePointer<Float>, rows: Int, by linear: LinearWeights, into output: UnsafeMutablePointer<Float>, outputStride: Int) {
        if rows <= smallProductRows, linear.inputs % 8 == 0, smallProductKernel {
            let depth = linear.inputs
            let outputs = linear.outputs
            // Each part reads the same inputs and writes its own columns; all outlive the call.
            nonisolated(unsafe) let input = input
            nonisolated(unsafe) let weight = linear.weight.baseAddress!
            nonisolated(unsafe) let output = output
            // Slices of whole 4-column tiles, the kernel's unit.
            let tiles = (outputs + 3) / 4
            let parts = max(1, min(smallProductThreads, tiles))
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let first = min(outputs, tiles * part / parts * 4)
                let end = min(outputs, tiles * (part + 1) / parts * 4)
                guard first < end else { return }
                tessera_small_gemm(input, Int32(rows), weight + first * depth, Int32(end - first), Int32(depth), output + first, Int32(outputStride))
            }
            return
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(rows), Int32(linear.outputs), Int32(linear.inputs),
            1, input, Int32(linear.inputs), linear.weight.baseAddress, Int32(linear.inputs),
            0, output, Int32(outputStride)
        )
    }

    static func addBias(_ bias: UnsafeBufferPointer<Float>, to matrix: UnsafeMutablePointer<Float>, rows: Int, stride: Int) {
        let columns = bias.count
        let bias = bias.baseAddress!
        for row in 0..<rows {
            let values = matrix + row * stride
            for column in 0..<columns { values[column] += bias[column] }
        }
    }

    /// `x ← gelu(x + bias)`, the erf form `x/2 · (1 + erf(x/√2))`, over rows of `bias.count` values.
    static func addBiasAndGELU(_ bias: UnsafeBufferPointer<Float>, to values: UnsafeMutablePointer<Float>, count: Int) {
        let columns = bias.count
        let bias = bias.baseAddress!
        let inverseSquareRootOfTwo: Float = 0.70710678118654752
        for rowStart in stride(from: 0, to: count, by: columns) {
            let row = values + rowStart
            for column in 0..<columns {
                let x = row[column] + bias[column]
                row[column] = 0.5 * x * (1 + Self.erf(x * inverseSquareRootOfTwo))
            }
        }
    }

    /// erf as a rational function of `x` clamped to ±4 (odd degree-13 numerator, even degree-8
    /// denominator): within 5e-7 of the true value, branch-free, so the GELU loop vectorizes;
    /// libm's `erff` call per element took a sixth of the encoder's time.
    @inline(__always)
    static func erf(_ value: Float) -> Float {
        let x = min(max(value, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return x * p / q
    }

    /// `residual ← LayerNorm(projected + bias + residual)`, row by row.
    static func addBiasResidualAndNormalize(
        _ projected: UnsafeMutablePointer<Float>, bias: UnsafeBufferPointer<Float>, residual: UnsafeMutablePointer<Float>,
        rows: Int, size: Int, norm: LayerNormWeights, epsilon: Float
    ) {
        let bias = bias.baseAddress!
        for row in 0..<rows {
            let source = projected + row * size
            let target = residual + row * size
            for i in 0..<size { target[i] = (source[i] + bias[i]) + target[i] }
            layerNorm(target, size: size, norm: norm, epsilon: epsilon)
        }
    }

    static func layerNorm(_ row: UnsafeMutablePointer<Float>, size: Int, norm: LayerNormWeights, epsilon: Float) {
        var sum: Float = 0
        for i in 0..<size { sum += row[i] }
        let mean = sum / Float(size)
        var squares: Float = 0
        for i in 0..<size {
            let centered = row[i] - mean
            squares += centered * centered
        }
        let inverseDeviation = 1 / (squares / Float(size) + epsilon).squareRoot()
        let gamma = norm.gamma.baseAddress!
        let beta = norm.beta.baseAddress!
        for i in 0..<size {
            row[i] = (row[i] - mean) * inverseDeviation * gamma[i] + beta[i]
        }
    }

    static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for row in 0..<rows {
            let values = matrix + row * columns
            var largest = -Float.infinity
            for i in 0..<columns { largest = max(largest, values[i]) }
            var sum: Float = 0
            for i in 0..<columns {
                values[i] = exp(values[i] - largest)
                sum += values[i]
            }
            let inverse = 1 / sum
            for i in 0..<columns { values[i] *= inverse }
        }
    }
}
