/// Prices in US dollars per million tokens.
public struct ModelPricing: Sendable, Hashable, Codable {
    public var input: Double
    /// Prompt tokens read from the provider's cache; nil means no discount.
    public var cachedInput: Double?
    /// Prompt tokens written to the cache (Anthropic); nil means the plain input price.
    public var cacheWrite: Double?
    public var output: Double

    public init(input: Double, cachedInput: Double? = nil, cacheWrite: Double? = nil, output: Double) {
        self.input = input
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.output = output
    }

    /// What this usage costs, in US dollars.
    public func cost(of usage: Usage) -> Double {
        let perToken = 1.0 / 1_000_000
        return
            (Double(usage.uncachedInputTokens) * input
            + Double(usage.cachedInputTokens) * (cachedInput ?? input)
            + Double(usage.cacheWriteInputTokens) * (cacheWrite ?? input)
            + Double(usage.outputTokens) * output) * perToken
    }

    enum CodingKeys: String, CodingKey {
        case input, output
        case cachedInput = "cached_input"
        case cacheWrite = "cache_write"
    }
}
