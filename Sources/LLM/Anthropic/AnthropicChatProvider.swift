import NIOCore
import NIOHTTP1

/// Anthropic Messages API (`x-api-key`, `anthropic-version: 2023-06-01`).
public struct AnthropicChatProvider: ChatProvider {
    private let endpoint: ProviderEndpoint
    /// Anthropic requires `max_tokens`; this is sent when a request sets none.
    private let defaultMaxTokens: Int

    public init(
        name: String = "anthropic",
        baseURL: String = "https://api.anthropic.com",
        apiKey: APIKey?,
        transport: LLMTransport,
        defaultMaxTokens: Int = 4096
    ) {
        endpoint = ProviderEndpoint(name: name, baseURL: baseURL, apiKey: apiKey, transport: transport)
        self.defaultMaxTokens = defaultMaxTokens
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let body = try await endpoint.transport.send(outbound(request, stream: false))
        let response = try WireJSON.decode(AnthropicWire.Response.self, from: body.readableBytesView, what: "response")
        var parts: [ChatMessage.Part] = []
        for block in response.content ?? [] {
            switch block.type {
            case "text":
                if let text = block.text { parts.append(.text(text)) }
            case "tool_use":
                let call = ToolCall(id: block.id ?? ToolCallID.make(), name: block.name ?? "", arguments: (block.input ?? [:]).jsonString())
                parts.append(.toolCall(call))
            default:
                break // thinking blocks are not part of the neutral model
            }
        }
        var usage = Usage()
        response.usage?.merged(into: &usage)
        return ChatResponse(
            model: response.model ?? request.model,
            message: ChatMessage(role: .assistant, parts: parts),
            finishReason: response.stopReason.map(AnthropicWire.finishReason) ?? .stop,
            usage: usage
        )
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        endpoint.transport.stream({ () throws(LLMError) in try outbound(request, stream: true) }) { AnthropicStreamDecoder() }
    }

    private func outbound(_ request: ChatRequest, stream: Bool) throws(LLMError) -> OutboundRequest {
        var headers = HTTPHeaders()
        if let apiKey = endpoint.apiKey { headers.add(name: "x-api-key", value: apiKey.secret) }
        headers.add(name: "anthropic-version", value: "2023-06-01")
        if stream { headers.add(name: "accept", value: "text/event-stream") }
        return endpoint.request(
            "/v1/messages", headers: headers, body: try AnthropicRequestBody.make(request, stream: stream, defaultMaxTokens: defaultMaxTokens)
        )
    }
}
