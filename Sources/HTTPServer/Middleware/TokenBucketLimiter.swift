import Synchronization

/// Token buckets keyed by string (a token id, a base id). Each key may spend `rate` requests per
/// second on average with bursts of up to `burst`. Kept in memory, so limits are per node.
public final class TokenBucketLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    public let rate: Double
    public let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    private static let maxKeys = 100_000

    /// The burst defaults to one second's worth, and to at least one request: a rate below one
    /// per second still lets a request through now and then.
    public init(rate: Double, burst: Double? = nil) {
        precondition(rate > 0, "a rate limit needs a positive rate")
        self.rate = rate
        self.burst = max(1, burst ?? rate)
    }

    /// Takes one token for `key`: nil when the request may go ahead, else how many whole
    /// seconds to wait before retrying.
    public func acquire(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            if buckets.count > Self.maxKeys { buckets.removeAll(keepingCapacity: true) }
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * rate)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else {
                return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
            }
            bucket.tokens -= 1
            return nil
        }
    }
}
