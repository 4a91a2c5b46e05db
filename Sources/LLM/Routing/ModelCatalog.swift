import Foundation

/// The models Tessera knows: provider, limits, prices and capabilities, from the catalog compiled
/// into the binary (`Resources/catalog.json`) or a file an operator keeps. Names resolve as `provider/model`, as a bare catalog name, or as an
/// alias defined in the catalog.
public struct ModelCatalog: Sendable {
    public let models: [CatalogModel]
    /// Alias → target (`provider/model` or a catalog name).
    public let aliases: [String: String]
    /// Route name → fallback chain: the models to try in order (e.g. `tessera/fast`).
    public let routes: [String: [String]]
    private let byName: [String: CatalogModel]
    private let byQualifiedName: [String: CatalogModel]

    public init(models: [CatalogModel], aliases: [String: String] = [:], routes: [String: [String]] = [:]) throws(LLMError) {
        self.models = models
        self.aliases = aliases
        self.routes = routes
        if let empty = routes.first(where: { $0.value.isEmpty }) {
            throw LLMError(.configuration, "the catalog route \(empty.key) lists no models")
        }
        var byName: [String: CatalogModel] = [:]
        var byQualifiedName: [String: CatalogModel] = [:]
        for model in models {
            guard byQualifiedName[model.qualifiedName] == nil else {
                throw LLMError(.configuration, "the catalog lists \(model.qualifiedName) twice")
            }
            byQualifiedName[model.qualifiedName] = model
            // A bare name shared by two providers resolves to the first one listed.
            if byName[model.name] == nil { byName[model.name] = model }
        }
        self.byName = byName
        self.byQualifiedName = byQualifiedName
    }

    /// The catalog compiled into the binary.
    public static func bundled() throws(LLMError) -> ModelCatalog {
        try ModelCatalog(json: Data(PackageResources.catalog_json))
    }

    /// The compiled-in catalog as its JSON text, for an operator to copy and edit.
    public static var bundledJSON: Data { Data(PackageResources.catalog_json) }

    public init(contentsOf url: URL) throws(LLMError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LLMError(.configuration, "cannot read the model catalog at \(url.path)")
        }
        try self.init(json: data)
    }

    public init(json: Data) throws(LLMError) {
        let file: CatalogFile
        do {
            file = try JSONDecoder().decode(CatalogFile.self, from: json)
        } catch {
            throw LLMError(.configuration, "the model catalog is not valid: \(error)")
        }
        try self.init(models: file.models, aliases: file.aliases ?? [:], routes: file.routes ?? [:])
    }

    /// The models to try for a requested name: a route's chain, else the name alone.
    public func fallbackChain(for name: String) -> [String] {
        routes[name] ?? [name]
    }

    /// Resolves a model name. `knownProviders` are the configured provider names, so that
    /// `ollama/llama3.2` works for a model the catalog does not list (it is then unpriced).
    public func resolve(_ name: String, knownProviders: Set<String>) throws(LLMError) -> ResolvedModel {
        var target = name
        var seen: Set<String> = []
        while let next = aliases[target] {
            guard seen.insert(target).inserted else {
                throw LLMError(.configuration, "the catalog alias \(name) refers to itself")
            }
            target = next
        }
        if let model = byQualifiedName[target] {
            return ResolvedModel(provider: model.provider, model: model.name, entry: model)
        }
        if let slash = target.firstIndex(of: "/") {
            let provider = String(target[..<slash])
            let model = String(target[target.index(after: slash)...])
            if knownProviders.contains(provider), !model.isEmpty {
                return ResolvedModel(provider: provider, model: model, entry: nil)
            }
        }
        if let model = byName[target] {
            return ResolvedModel(provider: model.provider, model: model.name, entry: model)
        }
        throw LLMError(.unknownModel, "unknown model \(name): not in the catalog, not an alias, not provider/model for a configured provider")
    }

    private struct CatalogFile: Decodable {
        var models: [CatalogModel]
        var aliases: [String: String]?
        var routes: [String: [String]]?
    }
}
