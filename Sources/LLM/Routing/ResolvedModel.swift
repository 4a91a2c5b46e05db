/// A model name resolved to the provider that serves it.
public struct ResolvedModel: Sendable, Hashable {
    public var provider: String
    /// The provider's own name for the model.
    public var model: String
    /// The catalog entry, when the model is listed (and so has prices).
    public var entry: CatalogModel?

    public var qualifiedName: String { "\(provider)/\(model)" }
}
