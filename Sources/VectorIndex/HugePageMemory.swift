#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Allocates the index's large arrays (vector rows, layer-0 links) on 2 MiB boundaries and asks
/// Linux for transparent huge pages there. Graph search reads rows scattered over the whole
/// index, so with 4 KiB pages nearly every row costs a TLB miss on top of the cache miss; one
/// 2 MiB page covers ~1 300 float32 rows of 384 dimensions. Small arrays get plain `malloc`.
///
/// Memory from ``allocate(_:capacity:)`` must be released with ``deallocate(_:)``.
enum HugePageMemory {
    private static let hugePageSize = 2 << 20
    /// Below this, rounding up to whole huge pages would waste more than it saves.
    private static let threshold = 2 * hugePageSize

    static func allocate<T>(_ type: T.Type, capacity: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(capacity, 1) * MemoryLayout<T>.stride
        var raw: UnsafeMutableRawPointer?
        if bytes < threshold {
            raw = malloc(bytes)
        } else if posix_memalign(&raw, hugePageSize, bytes) == 0, let raw {
            #if os(Linux)
                _ = madvise(raw, bytes, MADV_HUGEPAGE) // advisory: without THP it changes nothing
            #endif
        }
        guard let raw else { fatalError("out of memory allocating \(bytes) bytes") }
        return raw.bindMemory(to: T.self, capacity: capacity)
    }

    static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>) {
        free(pointer)
    }
}
