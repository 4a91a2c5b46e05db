import NIOCore
import NIOHTTP1

/// OpenAI Chat Completions, and any server that speaks it (vLLM, llama.cpp, LM Studio,
/// OpenRouter, Groq, Together): a base URL and an optional key.
public struct OpenAIChatProvider: ChatProvider {
    private let endpoint: ProviderEndpoint
    /// OpenAI itself wants `max_completion_tokens` (its reasoning models reject `max_tokens`);
    /// compatible servers mostly know only `max_tokens`.
    private let maxTokensField: String

    public init(name: String = "openai", baseURL: String = "https://api.openai.com/v1", apiKey: APIKey?, transport: LLMTransport) {
        endpoint = ProviderEndpoint(name: name, baseURL: baseURL, apiKey: apiKey, transport: transport)
        self.maxTokensField = baseURL.contains("api.openai.com") ? "max_completion_tokens" : "max_tokens"
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let body = try await endpoint.transport.send(outbound(request, stream: false))
        let response = try WireJSON.decode(OpenAIWire.Response.self, from: body.readableBytesView, what: "response")
        guard let choice = response.choices.first, let message = choice.message else {
            throw LLMError(.malformedResponse, "the response has no choices")
        }
        let calls = (message.toolCalls ?? []).map { call in
            ToolCall(id: call.id ?? ToolCallID.make(), name: call.function?.name ?? "", arguments: call.function?.arguments ?? "")
        }
        return ChatResponse(
            model: response.model ?? request.model,
            message: .assistant(message.content, toolCalls: calls),
            finishReason: choice.finishReason.map(OpenAIWire.finishReason) ?? .stop,
            usage: response.usage?.usage ?? Usage()
        )
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        endpoint.transport.stream(outbound(request, stream: true)) { OpenAIStreamDecoder() }
    }

    private func outbound(_ request: ChatRequest, stream: Bool) -> OutboundRequest {
        var headers = HTTPHeaders()
        if let apiKey = endpoint.apiKey { headers.add(name: "authorization", value: "Bearer \(apiKey.secret)") }
        if stream { headers.add(name: "accept", value: "text/event-stream") }
        return endpoint.request(
            "/chat/completions", headers: headers, body: OpenAIRequestBody.make(request, stream: stream, maxTokensField: maxTokensField)
        )
    }
}
