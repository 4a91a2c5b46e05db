/// Merges ranked lists: an item at rank r (1-based) in a list scores 1 / (k + r), summed over
/// the lists. k = 60 (Cormack et al., 2009) damps the weight of the very first ranks, so an
/// item found by both lists beats one found near the top of only one.
struct ReciprocalRankFusion {
    let k: Int

    func fuse(_ lists: [[String]]) -> [(id: String, score: Double)] {
        var scores: [String: Double] = [:]
        var firstSeen: [String: Int] = [:]
        var order = 0
        for list in lists {
            for (index, id) in list.enumerated() {
                scores[id, default: 0] += 1 / Double(k + index + 1)
                if firstSeen[id] == nil {
                    firstSeen[id] = order
                    order += 1
                }
            }
        }
        // Ties keep the order of first appearance, so the result is deterministic.
        return scores.map { (id: $0.key, score: $0.value) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : firstSeen[$0.id]! < firstSeen[$1.id]! }
    }
}
