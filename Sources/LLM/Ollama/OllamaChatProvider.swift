import NIOCore

/// Ollama's native chat API (`/api/chat`, NDJSON streaming).
public struct OllamaChatProvider: ChatProvider {
    private let endpoint: ProviderEndpoint

    public init(name: String = "ollama", baseURL: String = "http://127.0.0.1:11434", transport: LLMTransport) {
        endpoint = ProviderEndpoint(name: name, baseURL: baseURL, apiKey: nil, transport: transport)
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let body = try await endpoint.transport.send(outbound(request, stream: false))
        let response = try WireJSON.decode(OllamaWire.Response.self, from: body.readableBytesView, what: "response")
        if let message = response.error { throw LLMError(.streamError, message) }
        let calls = (response.message?.toolCalls ?? []).map { $0.toolCall() }
        let text = response.message?.content
        return ChatResponse(
            model: response.model ?? request.model,
            message: .assistant(text?.isEmpty == false ? text : nil, toolCalls: calls),
            finishReason: OllamaWire.finishReason(response.doneReason, sawToolCalls: !calls.isEmpty),
            usage: response.usage
        )
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        endpoint.transport.stream({ () throws(LLMError) in try outbound(request, stream: true) }) { OllamaStreamDecoder() }
    }

    private func outbound(_ request: ChatRequest, stream: Bool) throws(LLMError) -> OutboundRequest {
        endpoint.request("/api/chat", body: try OllamaRequestBody.make(request, stream: stream))
    }
}
