import NIOHTTP1

/// Where one provider client sends its requests: the provider's configured name, its base URL
/// (without a trailing slash), its key and the transport all clients share.
struct ProviderEndpoint: Sendable {
    let name: String
    let baseURL: String
    let apiKey: APIKey?
    let transport: LLMTransport

    init(name: String, baseURL: String, apiKey: APIKey?, transport: LLMTransport) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.transport = transport
    }

    /// A POST of `body` to `path` under the base URL; the key is scrubbed from whatever the
    /// provider sends back.
    func request(_ path: String, headers: HTTPHeaders = HTTPHeaders(), body: RequestBody) -> OutboundRequest {
        OutboundRequest(provider: name, url: baseURL + path, headers: headers, body: body, secrets: apiKey.map { [$0.secret] } ?? [])
    }
}
