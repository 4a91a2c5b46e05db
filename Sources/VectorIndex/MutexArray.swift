#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed array of pthread mutexes. HNSW's parallel build locks one node's link list at a
/// time; striping nodes over a few thousand mutexes keeps that fine-grained without one lock
/// object per node.
final class MutexArray: @unchecked Sendable {
    private let mutexes: UnsafeMutablePointer<pthread_mutex_t>
    private let mask: Int

    /// `count` is rounded up to a power of two.
    init(count: Int) {
        var size = 1
        while size < count { size <<= 1 }
        mutexes = .allocate(capacity: size)
        mask = size - 1
        for index in 0..<size { pthread_mutex_init(mutexes + index, nil) }
    }

    deinit {
        for index in 0...mask { pthread_mutex_destroy(mutexes + index) }
        mutexes.deallocate()
    }

    @inline(__always)
    func withLock<T>(_ key: Int, _ body: () throws -> T) rethrows -> T {
        let mutex = mutexes + (key & mask)
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
