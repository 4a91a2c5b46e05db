/// A graph node with its score against the current query.
struct ScoredNode {
    var score: Float
    var node: UInt32
}

protocol NodeOrdering {
    /// True when `a` belongs nearer the top of the heap than `b`.
    static func above(_ a: ScoredNode, _ b: ScoredNode) -> Bool
}

/// Best score on top: the HNSW candidate queue.
enum BestOnTop: NodeOrdering {
    @inline(__always) static func above(_ a: ScoredNode, _ b: ScoredNode) -> Bool { a.score > b.score }
}

/// Worst score on top: the bounded HNSW result set, whose top is the one to evict.
enum WorstOnTop: NodeOrdering {
    @inline(__always) static func above(_ a: ScoredNode, _ b: ScoredNode) -> Bool { a.score < b.score }
}

/// Binary heap of scored nodes, specialized by ordering so the hot loop has no indirection.
struct NodeHeap<Ordering: NodeOrdering> {
    private(set) var items: ContiguousArray<ScoredNode> = []

    init(capacity: Int) {
        items.reserveCapacity(capacity)
    }

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }
    var top: ScoredNode { items[0] }

    mutating func push(_ element: ScoredNode) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Ordering.above(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> ScoredNode {
        let first = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            let count = items.count
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                var chosen = left
                if left + 1 < count, Ordering.above(items[left + 1], items[left]) { chosen = left + 1 }
                guard Ordering.above(items[chosen], items[parent]) else { break }
                items.swapAt(chosen, parent)
                parent = chosen
            }
        }
        return first
    }

    /// The elements best score first (ties by node), emptying nothing.
    func sortedBestFirst() -> [ScoredNode] {
        items.sorted { $0.score > $1.score || ($0.score == $1.score && $0.node < $1.node) }
    }
}
