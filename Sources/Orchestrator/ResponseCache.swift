/// Exact-match answers, kept for a time-to-live, bounded in number. In memory, per node: each
/// node of a scale-out deployment has its own (the keys already change with every write).
actor ResponseCache {
    private struct Entry {
        let answer: CachedAnswer
        let expires: ContinuousClock.Instant
    }

    private let ttl: Duration
    private let capacity: Int
    private var entries: [CacheKey: Entry] = [:]
    /// Insertion order, for evicting the oldest first.
    private var order: [CacheKey] = []

    init(ttl: Duration, capacity: Int) {
        self.ttl = ttl
        self.capacity = max(1, capacity)
    }

    /// An expired entry stays until it is overwritten or evicted, so `order` holds each key once.
    func answer(for key: CacheKey) -> CachedAnswer? {
        guard let entry = entries[key], entry.expires > .now else { return nil }
        return entry.answer
    }

    func store(_ answer: CachedAnswer, for key: CacheKey) {
        if entries.updateValue(Entry(answer: answer, expires: .now + ttl), forKey: key) == nil {
            order.append(key)
        }
        while entries.count > capacity, !order.isEmpty {
            entries[order.removeFirst()] = nil
        }
    }
}
