/// Marks the nodes one graph search has visited. Clearing is O(1): each search uses a new
/// epoch, and the marks are zeroed only when the 16-bit epoch wraps.
final class VisitedSet {
    private var marks: UnsafeMutablePointer<UInt16>
    private var capacity: Int
    private var epoch: UInt16 = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        marks = .allocate(capacity: self.capacity)
        marks.initialize(repeating: 0, count: self.capacity)
    }

    deinit { marks.deallocate() }

    /// Starts a new search over nodes `0..<nodeCount`.
    func reset(nodeCount: Int) {
        if nodeCount > capacity {
            marks.deallocate()
            capacity = max(nodeCount, capacity * 3 / 2)
            marks = .allocate(capacity: capacity)
            marks.initialize(repeating: 0, count: capacity)
            epoch = 0
        }
        epoch &+= 1
        if epoch == 0 {
            marks.update(repeating: 0, count: capacity)
            epoch = 1
        }
    }

    /// Marks `node`; true when it was not marked yet in this search.
    @inline(__always)
    func insert(_ node: UInt32) -> Bool {
        let slot = marks + Int(node)
        if slot.pointee == epoch { return false }
        slot.pointee = epoch
        return true
    }
}

/// Hands out visited sets to concurrent searches and takes them back, so each search has one
/// without allocating.
final class VisitedSetPool: @unchecked Sendable {
    private let mutex = MutexArray(count: 1)
    private var free: [VisitedSet] = []

    func withVisitedSet<T>(nodeCount: Int, _ body: (VisitedSet) throws -> T) rethrows -> T {
        let set = mutex.withLock(0) { free.popLast() } ?? VisitedSet(capacity: nodeCount)
        set.reset(nodeCount: nodeCount)
        defer { mutex.withLock(0) { free.append(set) } }
        return try body(set)
    }
}
