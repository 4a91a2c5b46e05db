import Testing

@testable import HTTPServer

@Suite struct TokenBucketLimiterTests {
    @Test func aHotKeyKeepsItsLimitWhileManyOtherKeysArrive() {
        let limiter = TokenBucketLimiter(rate: 1, burst: 2, capacity: 100)
        let now = ContinuousClock.now
        #expect(limiter.acquire("hot", now: now) == nil)
        #expect(limiter.acquire("hot", now: now) == nil)
        #expect(limiter.acquire("hot", now: now) == 1)
        // Far more new keys than the limiter holds, the hot key still knocking between them:
        // clearing the table when full used to hand it a fresh burst.
        for index in 0..<1_000 {
            #expect(limiter.acquire("key \(index)", now: now) == nil)
            if index.isMultiple(of: 50) { #expect(limiter.acquire("hot", now: now) == 1) }
        }
        #expect(limiter.acquire("hot", now: now) == 1)
        // It refills with time as before.
        #expect(limiter.acquire("hot", now: now + .seconds(1)) == nil)
    }

    @Test func theLeastRecentlyUsedKeyIsTheOneEvicted() {
        let limiter = TokenBucketLimiter(rate: 1, burst: 1, capacity: 2)
        let now = ContinuousClock.now
        #expect(limiter.acquire("a", now: now) == nil)
        #expect(limiter.acquire("b", now: now) == nil)
        #expect(limiter.acquire("a", now: now) == 1) // a is now the most recently used
        #expect(limiter.acquire("c", now: now) == nil) // evicts b
        #expect(limiter.acquire("a", now: now) == 1)
        #expect(limiter.acquire("b", now: now) == nil) // b starts over with a full bucket
    }

    @Test func lruDictionaryEvictsInOrderOfUse() {
        var table = LRUDictionary<String, Int>(capacity: 3)
        for (key, value) in [("a", 1), ("b", 2), ("c", 3)] { table.update(key, default: { value }) { _ in } }
        #expect(table.updateIfPresent("a") { $0 } == 1) // order of use now: b, c, a
        table.update("d", default: { 4 }) { _ in }
        #expect(table.count == 3)
        #expect(table.updateIfPresent("b") { $0 } == nil)
        table.removeValue(forKey: "c")
        table.update("e", default: { 5 }) { $0 += 10 }
        table.update("f", default: { 6 }) { _ in } // full again: evicts a, the oldest
        #expect(table.updateIfPresent("a") { $0 } == nil)
        #expect(table.updateIfPresent("d") { $0 } == 4)
        #expect(table.updateIfPresent("e") { $0 } == 15)
        #expect(table.updateIfPresent("f") { $0 } == 6)
        #expect(table.count == 3)
    }
}
