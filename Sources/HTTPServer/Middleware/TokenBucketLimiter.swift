import Synchronization

/// Token buckets keyed by string (a token id, a base id, a client address). Each key may spend
/// `rate` requests per second on average with bursts of up to `burst`. Kept in memory, so limits
/// are per node; at most `capacity` keys are kept, and a new key pushes out the one used least
/// recently, so a flood of new keys cannot reset the bucket of a key that is being limited.
public final class TokenBucketLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    public let rate: Double
    public let burst: Double
    private let buckets: Mutex<LRUDictionary<String, Bucket>>

    /// The burst defaults to one second's worth, and to at least one request: a rate below one
    /// per second still lets a request through now and then.
    public init(rate: Double, burst: Double? = nil, capacity: Int = 100_000) {
        precondition(rate > 0, "a rate limit needs a positive rate")
        self.rate = rate
        self.burst = max(1, burst ?? rate)
        buckets = Mutex(LRUDictionary(capacity: capacity))
    }

    /// Takes one token for `key`: nil when the request may go ahead, else how many whole
    /// seconds to wait before retrying.
    public func acquire(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            buckets.update(key, default: { Bucket(tokens: burst, updated: now) }) { bucket in
                bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated).seconds * rate)
                bucket.updated = now
                guard bucket.tokens >= 1 else {
                    return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
                }
                bucket.tokens -= 1
                return nil
            }
        }
    }
}
