import Foundation
import NIOCore
import NIOHTTP1

/// Anthropic Messages API (`x-api-key`, `anthropic-version: 2023-06-01`).
public struct AnthropicChatProvider: ChatProvider {
    public let name: String
    public let baseURL: String
    private let apiKey: APIKey?
    private let transport: LLMTransport
    /// Anthropic requires `max_tokens`; this is sent when a request sets none.
    private let defaultMaxTokens: Int

    public init(
        name: String = "anthropic",
        baseURL: String = "https://api.anthropic.com",
        apiKey: APIKey?,
        transport: LLMTransport,
        defaultMaxTokens: Int = 4096
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.transport = transport
        self.defaultMaxTokens = defaultMaxTokens
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let body = try await transport.send(outbound(request, stream: false))
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
                break  // thinking blocks are not part of the neutral model
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
        let outbound: OutboundRequest
        do {
            outbound = try self.outbound(request, stream: true)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
        return transport.stream(outbound) { AnthropicStreamDecoder() }
    }

    private func outbound(_ request: ChatRequest, stream: Bool) throws(LLMError) -> OutboundRequest {
        var headers = HTTPHeaders()
        if let apiKey { headers.add(name: "x-api-key", value: apiKey.secret) }
        headers.add(name: "anthropic-version", value: "2023-06-01")
        if stream { headers.add(name: "accept", value: "text/event-stream") }
        return OutboundRequest(
            provider: name,
            url: baseURL + "/v1/messages",
            headers: headers,
            body: try AnthropicRequestBody.make(request, stream: stream, defaultMaxTokens: defaultMaxTokens),
            secrets: apiKey.map { [$0.secret] } ?? []
        )
    }
}
