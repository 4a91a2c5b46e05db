/// Generation settings; nil leaves the provider's default.
public struct SamplingOptions: Sendable, Hashable {
    public var temperature: Double?
    public var topP: Double?
    public var maxOutputTokens: Int?
    public var stopSequences: [String]
    public var seed: Int?

    public init(
        temperature: Double? = nil,
        topP: Double? = nil,
        maxOutputTokens: Int? = nil,
        stopSequences: [String] = [],
        seed: Int? = nil
    ) {
        self.temperature = temperature
        self.topP = topP
        self.maxOutputTokens = maxOutputTokens
        self.stopSequences = stopSequences
        self.seed = seed
    }
}
