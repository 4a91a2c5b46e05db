import CBLAS
import Testing

/// The AVX2 kernel for products of a few token rows must give BLAS's result (up to summation
/// order) for every shape a layer can have: row counts around its 3-row tiles, output counts
/// around its 4-column tiles, the model's widths.
@Suite("Small matrix product kernel")
struct SmallProductKernelTests {
    @Test(arguments: [(1, 4, 8), (2, 5, 16), (3, 7, 384), (4, 1, 24), (5, 384, 384), (14, 1536, 384), (32, 384, 1536), (31, 9, 64)])
    func matchesBLAS(rows: Int, outputs: Int, depth: Int) throws {
        try #require(tessera_avx2_fma_available() != 0, "this machine has no AVX2/FMA; the encoder uses BLAS alone")
        var generator = SystemRandomNumberGenerator()
        let input = (0..<rows * depth).map { _ in Float.random(in: -1...1, using: &generator) }
        let weight = (0..<outputs * depth).map { _ in Float.random(in: -1...1, using: &generator) }
        let stride = outputs + 3 // a wider output row, as the encoder's fused QKV buffer has
        var kernel = [Float](repeating: .nan, count: rows * stride)
        var blas = kernel
        tessera_small_gemm(input, Int32(rows), weight, Int32(outputs), Int32(depth), &kernel, Int32(stride))
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(depth),
            1, input, Int32(depth), weight, Int32(depth), 0, &blas, Int32(stride))
        for row in 0..<rows {
            for column in 0..<outputs {
                let index = row * stride + column
                #expect(abs(kernel[index] - blas[index]) <= 1e-5 * Float(depth).squareRoot(), "row \(row), column \(column)")
            }
            for column in outputs..<stride {
                #expect(kernel[row * stride + column].isNaN, "the kernel wrote past its outputs in row \(row)")
            }
        }
    }
}
