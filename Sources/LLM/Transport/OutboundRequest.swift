import NIOCore
import NIOHTTP1

/// One HTTP call to a provider, as the transport needs it.
struct OutboundRequest: Sendable {
    var provider: String
    var url: String
    var headers: HTTPHeaders
    var body: ByteBuffer
    /// Values to scrub from anything the provider sends back (the API key).
    var secrets: [String]

    init(provider: String, url: String, headers: HTTPHeaders, body: RequestBody, secrets: [String]) {
        self.provider = provider
        self.url = url
        var headers = headers
        headers.replaceOrAdd(name: "content-type", value: "application/json")
        self.headers = headers
        self.body = ByteBuffer(bytes: body.jsonBytes())
        self.secrets = secrets
    }

    /// The URL without its query, which is all a log line needs.
    var loggableURL: String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }
}
