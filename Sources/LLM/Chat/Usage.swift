/// Token counts of one response, normalized across providers, and what they cost.
public struct Usage: Sendable, Hashable {
    /// All prompt tokens, including those read from or written to a prompt cache.
    public var inputTokens: Int
    /// Prompt tokens served from the provider's prompt cache (priced as cached input).
    public var cachedInputTokens: Int
    /// Prompt tokens written to the provider's prompt cache (Anthropic prices these higher).
    public var cacheWriteInputTokens: Int
    public var outputTokens: Int
    /// Cost in US dollars, set when the model is priced in the catalog.
    public var costUSD: Double?

    public init(
        inputTokens: Int = 0,
        cachedInputTokens: Int = 0,
        cacheWriteInputTokens: Int = 0,
        outputTokens: Int = 0,
        costUSD: Double? = nil
    ) {
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteInputTokens = cacheWriteInputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
    }

    /// Prompt tokens billed at the plain input price.
    public var uncachedInputTokens: Int {
        max(0, inputTokens - cachedInputTokens - cacheWriteInputTokens)
    }
}
