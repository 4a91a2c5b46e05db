/// One model of the catalog.
public struct CatalogModel: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case chat, embedding
    }

    public enum Capability: String, Sendable, Hashable, Codable {
        case tools, vision, json, streaming, reasoning
    }

    public var name: String
    public var provider: String
    public var kind: Kind
    public var contextWindow: Int
    public var maxOutputTokens: Int?
    public var pricing: ModelPricing
    public var capabilities: Set<Capability>

    public var qualifiedName: String { "\(provider)/\(name)" }

    public init(
        name: String, provider: String, kind: Kind = .chat, contextWindow: Int, maxOutputTokens: Int?,
        pricing: ModelPricing, capabilities: Set<Capability>
    ) {
        self.name = name
        self.provider = provider
        self.kind = kind
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.pricing = pricing
        self.capabilities = capabilities
    }

    enum CodingKeys: String, CodingKey {
        case name, provider, kind, pricing, capabilities
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
    }
}
