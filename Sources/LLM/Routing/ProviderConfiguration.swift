import Foundation

/// Where a provider lives and how to authenticate to it.
public struct ProviderConfiguration: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// OpenAI itself or any server speaking its Chat Completions API.
        case openAI = "openai"
        case anthropic
        case ollama
    }

    public var name: String
    public var kind: Kind
    public var baseURL: String
    public var apiKey: APIKey?

    public init(name: String, kind: Kind, baseURL: String, apiKey: APIKey?) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    /// The providers configured by the environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`,
    /// `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`, `OLLAMA_BASE_URL`) plus those of an optional
    /// providers file. OpenAI and Anthropic count as configured once their key or base URL is
    /// set; Ollama, which needs no key, always is.
    public static func load(
        environment: [String: String],
        providersFile: URL? = nil
    ) throws(LLMError) -> [ProviderConfiguration] {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        var providers: [ProviderConfiguration] = []
        if value("OPENAI_API_KEY") != nil || value("OPENAI_BASE_URL") != nil {
            providers.append(
                ProviderConfiguration(
                    name: "openai", kind: .openAI,
                    baseURL: value("OPENAI_BASE_URL") ?? "https://api.openai.com/v1",
                    apiKey: value("OPENAI_API_KEY").map(APIKey.init)
                ))
        }
        if value("ANTHROPIC_API_KEY") != nil || value("ANTHROPIC_BASE_URL") != nil {
            providers.append(
                ProviderConfiguration(
                    name: "anthropic", kind: .anthropic,
                    baseURL: value("ANTHROPIC_BASE_URL") ?? "https://api.anthropic.com",
                    apiKey: value("ANTHROPIC_API_KEY").map(APIKey.init)
                ))
        }
        providers.append(
            ProviderConfiguration(
                name: "ollama", kind: .ollama, baseURL: value("OLLAMA_BASE_URL") ?? "http://127.0.0.1:11434", apiKey: nil
            ))
        if let providersFile {
            for entry in try ProvidersFile.load(providersFile) {
                let configuration = ProviderConfiguration(
                    name: entry.name, kind: entry.kind, baseURL: entry.baseURL,
                    apiKey: entry.apiKeyEnvironmentVariable.flatMap(value).map(APIKey.init)
                )
                providers.removeAll { $0.name == configuration.name }
                providers.append(configuration)
            }
        }
        return providers
    }
}
