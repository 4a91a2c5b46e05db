/// Timeouts, retries and size limits of the LLM transport.
public struct TransportConfiguration: Sendable {
    public var connectTimeout: Duration
    /// The longest silence allowed while waiting for response bytes.
    public var readTimeout: Duration
    /// The deadline for a whole call, retries and streaming included.
    public var totalTimeout: Duration
    public var retry: RetryPolicy
    /// Whole (non-streamed) responses larger than this are refused.
    public var maximumResponseBytes: Int

    public init(
        connectTimeout: Duration = .seconds(10),
        readTimeout: Duration = .seconds(120),
        totalTimeout: Duration = .seconds(600),
        retry: RetryPolicy = RetryPolicy(),
        maximumResponseBytes: Int = 32 << 20
    ) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.totalTimeout = totalTimeout
        self.retry = retry
        self.maximumResponseBytes = maximumResponseBytes
    }
}
