/// When and how long to wait before trying a failed request again.
///
/// Retries exponential backoff with jitter on 408, 409, 429, 5xx (529 included), timeouts and
/// connection errors. A provider's `Retry-After` / `retry-after-ms` wins over the backoff and
/// its `x-should-retry` verdict wins over the status; a spend limit is never retried.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    public var initialBackoff: Duration
    public var maximumBackoff: Duration
    /// A provider asking us to wait longer than this fails the request instead, so a fallback
    /// model can answer now.
    public var maximumRetryAfter: Duration
    /// Waits between attempts; tests replace it to record delays instead of sleeping.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        maximumAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(500),
        maximumBackoff: Duration = .seconds(8),
        maximumRetryAfter: Duration = .seconds(60),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maximumAttempts = maximumAttempts
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.maximumRetryAfter = maximumRetryAfter
        self.sleep = sleep
    }

    /// No retries at all.
    public static let disabled = RetryPolicy(maximumAttempts: 1)

    /// Whether an error is worth another attempt, whatever the attempt count.
    public static func isRetryable(_ error: LLMError) -> Bool {
        if error.code == .spendLimitReached || error.code == .cancelled { return false }
        if let verdict = error.shouldRetry { return verdict }
        switch error.code {
        case .timeout, .conflict, .rateLimited, .overloaded, .serverError, .connection:
            return true
        default:
            return false
        }
    }

    /// The wait before retry number `retry` (0 for the first retry), or nil to give up.
    public func delay(beforeRetry retry: Int, after error: LLMError) -> Duration? {
        guard retry + 1 < maximumAttempts, Self.isRetryable(error) else { return nil }
        if let requested = error.retryAfter {
            return requested <= maximumRetryAfter ? requested : nil
        }
        let exponential = initialBackoff * Int(1 << min(retry, 20))
        let capped = min(exponential, maximumBackoff)
        // Jitter spreads out clients that failed together so they don't retry together.
        return capped * Double.random(in: 0.75...1.0)
    }
}
