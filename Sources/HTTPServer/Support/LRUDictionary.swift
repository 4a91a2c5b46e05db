/// A dictionary of at most `capacity` entries that, when full, drops the entry used least
/// recently to make room for a new one. In-memory limiters keep their state in it: bounded, yet
/// the keys that are active (the ones being limited) are the last to go.
///
/// Every operation is O(1): the entries form a doubly linked list, most recently used first,
/// through indices into `nodes`.
struct LRUDictionary<Key: Hashable, Value> {
    private struct Node {
        var key: Key
        var value: Value
        var newer: Int?
        var older: Int?
    }

    let capacity: Int
    private var nodes: [Node] = []
    private var slots: [Key: Int] = [:]
    private var freeSlots: [Int] = []
    private var newest: Int?
    private var oldest: Int?

    init(capacity: Int) {
        precondition(capacity > 0, "an LRU dictionary needs room for at least one entry")
        self.capacity = capacity
    }

    var count: Int { slots.count }

    /// Runs `body` on the value for `key`, made by `makeValue` when there is none (evicting the
    /// least recently used entry when full), and marks the entry used.
    @discardableResult
    mutating func update<Result>(_ key: Key, default makeValue: () -> Value, _ body: (inout Value) -> Result) -> Result {
        let slot: Int
        if let existing = slots[key] {
            slot = existing
            unlink(slot)
        } else {
            slot = store(Node(key: key, value: makeValue()))
        }
        linkAsNewest(slot)
        return body(&nodes[slot].value)
    }

    /// Runs `body` on the value for `key` and marks the entry used; nil when there is none.
    @discardableResult
    mutating func updateIfPresent<Result>(_ key: Key, _ body: (inout Value) -> Result) -> Result? {
        guard let slot = slots[key] else { return nil }
        unlink(slot)
        linkAsNewest(slot)
        return body(&nodes[slot].value)
    }

    mutating func removeValue(forKey key: Key) {
        guard let slot = slots.removeValue(forKey: key) else { return }
        unlink(slot)
        freeSlots.append(slot)
    }

    /// Puts `node` in a free slot, or in the least recently used entry's when full.
    private mutating func store(_ node: Node) -> Int {
        let slot: Int
        if slots.count >= capacity, let victim = oldest {
            unlink(victim)
            slots[nodes[victim].key] = nil
            nodes[victim] = node
            slot = victim
        } else if let free = freeSlots.popLast() {
            nodes[free] = node
            slot = free
        } else {
            nodes.append(node)
            slot = nodes.count - 1
        }
        slots[node.key] = slot
        return slot
    }

    private mutating func unlink(_ slot: Int) {
        let newer = nodes[slot].newer
        let older = nodes[slot].older
        if let newer { nodes[newer].older = older } else { newest = older }
        if let older { nodes[older].newer = newer } else { oldest = newer }
        nodes[slot].newer = nil
        nodes[slot].older = nil
    }

    private mutating func linkAsNewest(_ slot: Int) {
        nodes[slot].older = newest
        if let newest { nodes[newest].newer = slot } else { oldest = slot }
        newest = slot
    }
}
