internal import CBLAS

/// How many threads BLAS may use inside one call, for the whole process.
///
/// OpenBLAS splits each matrix product over its own worker threads, which pays for the large
/// products of batch embedding but not for one short query: for a few tokens the hand-offs and
/// the workers' spin-waiting cost more than the split saves, and under load the spinning
/// workers take the cores other requests need.
public enum BLASThreads {
    /// Limits every later BLAS call of the process to `count` threads (at least 1). Returns
    /// false when the BLAS library has no threads to limit.
    @discardableResult
    public static func limit(to count: Int) -> Bool {
        tessera_blas_set_thread_count(Int32(clamping: max(1, count))) != 0
    }
}
