internal import CBLAS

/// The link structure of an HNSW index, in flat buffers indexed by node number.
///
/// Layer 0 (where every node lives and most search time goes) is one contiguous array of
/// fixed-size link lists; the few nodes on upper layers get one small block each. A link list
/// is `[count, neighbour…]` of UInt32. Not thread-safe on its own: the index locks nodes.
final class HNSWGraph {
    static let maximumLevel = 30

    let m: Int
    let m0: Int
    private(set) var nodeCount = 0
    private(set) var capacity = 0
    private(set) var ids: UnsafeMutablePointer<UInt64>
    private(set) var levels: UnsafeMutablePointer<UInt8>
    private(set) var deleted: UnsafeMutablePointer<Bool>
    private var level0: UnsafeMutablePointer<UInt32>
    private var upper: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
    private(set) var upperLinkCount = 0

    init(m: Int) {
        self.m = m
        m0 = 2 * m
        ids = .allocate(capacity: 0)
        levels = .allocate(capacity: 0)
        deleted = .allocate(capacity: 0)
        level0 = HugePageMemory.allocate(UInt32.self, capacity: 0)
        upper = .allocate(capacity: 0)
    }

    deinit {
        for node in 0..<nodeCount { upper[node]?.deallocate() }
        ids.deallocate()
        levels.deallocate()
        deleted.deallocate()
        HugePageMemory.deallocate(level0)
        upper.deallocate()
    }

    var level0Stride: Int { m0 + 1 }

    @inline(__always)
    func maxLinks(level: Int) -> Int { level == 0 ? m0 : m }

    var memoryBytes: Int {
        nodeCount * (level0Stride * 4 + 8 + 1 + 1 + 8) + upperLinkCount * 4
    }

    func reserve(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        let newCapacity = max(minimumCapacity, capacity * 3 / 2, 64)
        ids = Self.grow(ids, from: nodeCount, to: newCapacity)
        levels = Self.grow(levels, from: nodeCount, to: newCapacity)
        deleted = Self.grow(deleted, from: nodeCount, to: newCapacity)
        let links = HugePageMemory.allocate(UInt32.self, capacity: newCapacity * level0Stride)
        links.moveInitialize(from: level0, count: nodeCount * level0Stride)
        HugePageMemory.deallocate(level0)
        level0 = links
        upper = Self.grow(upper, from: nodeCount, to: newCapacity)
        capacity = newCapacity
    }

    private static func grow<T>(_ old: UnsafeMutablePointer<T>, from kept: Int, to elements: Int) -> UnsafeMutablePointer<T> {
        let fresh = UnsafeMutablePointer<T>.allocate(capacity: elements)
        fresh.moveInitialize(from: old, count: kept)
        old.deallocate()
        return fresh
    }

    /// Adds a node with no links on layers `0...level`.
    func addNode(id: UInt64, level: Int) -> UInt32 {
        reserve(nodeCount + 1)
        let node = nodeCount
        ids[node] = id
        levels[node] = UInt8(level)
        deleted[node] = false
        level0[node * level0Stride] = 0
        if level > 0 {
            let block = UnsafeMutablePointer<UInt32>.allocate(capacity: level * (m + 1))
            for layer in 0..<level { block[layer * (m + 1)] = 0 }
            upper[node] = block
            upperLinkCount += level * (m + 1)
        } else {
            upper[node] = nil
        }
        nodeCount += 1
        return UInt32(node)
    }

    /// The link list `[count, neighbour…]` of `node` on `level` (which the node must have).
    @inline(__always)
    func links(of node: UInt32, level: Int) -> UnsafeMutablePointer<UInt32> {
        if level == 0 { return level0 + Int(node) * level0Stride }
        return upper[Int(node)]! + (level - 1) * (m + 1)
    }

    /// Starts loading a link list into cache ahead of its use.
    @inline(__always)
    func prefetchLinks(of node: UInt32, level: Int) {
        let list = UnsafeRawPointer(links(of: node, level: level))
        let bytes = (maxLinks(level: level) + 1) * 4
        var offset = 0
        while offset < bytes {
            tessera_prefetch(list + offset)
            offset += 64
        }
    }

    func markDeleted(_ node: UInt32) {
        deleted[Int(node)] = true
    }

    func removeAll() {
        for node in 0..<nodeCount { upper[node]?.deallocate() }
        nodeCount = 0
        upperLinkCount = 0
    }
}
