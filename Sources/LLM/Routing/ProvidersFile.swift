import Foundation

/// A JSON file of extra providers, usually OpenAI-compatible endpoints:
/// `{"providers": [{"name": "groq", "kind": "openai", "base_url": "…", "api_key_env": "GROQ_API_KEY"}]}`.
/// Keys stay in the environment; the file names the variable.
enum ProvidersFile {
    struct Entry: Decodable {
        var name: String
        var kind: ProviderConfiguration.Kind
        var baseURL: String
        var apiKeyEnvironmentVariable: String?

        enum CodingKeys: String, CodingKey {
            case name, kind
            case baseURL = "base_url"
            case apiKeyEnvironmentVariable = "api_key_env"
        }
    }

    private struct Contents: Decodable {
        var providers: [Entry]
    }

    static func load(_ url: URL) throws(LLMError) -> [Entry] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LLMError(.configuration, "cannot read the providers file \(url.path)")
        }
        do {
            let entries = try JSONDecoder().decode(Contents.self, from: data).providers
            for entry in entries where entry.name.isEmpty || entry.name.contains("/") {
                throw LLMError(.configuration, "provider name \"\(entry.name)\" must be non-empty and contain no slash")
            }
            return entries
        } catch let error as LLMError {
            throw error
        } catch {
            throw LLMError(.configuration, "the providers file \(url.path) is not valid: \(error)")
        }
    }
}
