/// Keeps the k best (score, id) pairs seen so far in a bounded heap whose root is the worst
/// kept pair, so most candidates are rejected by one comparison against `threshold`.
struct TopKSelector {
    let k: Int
    private var scores: [Float] = []
    private var ids: [UInt64] = []

    init(k: Int) {
        self.k = k
        scores.reserveCapacity(k)
        ids.reserveCapacity(k)
    }

    var count: Int { scores.count }

    /// A candidate scoring below this cannot enter; one scoring equal may (tie on id).
    var threshold: Float { scores.count < k ? -.infinity : scores[0] }

    @inline(__always)
    mutating func offer(score: Float, id: UInt64) {
        guard k > 0 else { return }
        if scores.count < k {
            scores.append(score)
            ids.append(id)
            siftUp(scores.count - 1)
        } else if SearchHit.ranksBefore(score: score, id: id, score: scores[0], id: ids[0]) {
            scores[0] = score
            ids[0] = id
            siftDown(0)
        }
    }

    mutating func merge(_ other: TopKSelector) {
        for index in 0..<other.scores.count {
            offer(score: other.scores[index], id: other.ids[index])
        }
    }

    /// The kept pairs, best first.
    func sortedHits() -> [SearchHit] {
        zip(ids, scores)
            .map { SearchHit(id: $0.0, score: $0.1) }
            .sorted { SearchHit.ranksBefore(score: $0.score, id: $0.id, score: $1.score, id: $1.id) }
    }

    // The root is the pair every other pair ranks before.
    @inline(__always)
    private func worse(_ a: Int, _ b: Int) -> Bool {
        SearchHit.ranksBefore(score: scores[b], id: ids[b], score: scores[a], id: ids[a])
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard worse(child, parent) else { return }
            scores.swapAt(child, parent)
            ids.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = scores.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            var worst = left
            if left + 1 < count, worse(left + 1, left) { worst = left + 1 }
            guard worse(worst, parent) else { return }
            scores.swapAt(worst, parent)
            ids.swapAt(worst, parent)
            parent = worst
        }
    }
}
