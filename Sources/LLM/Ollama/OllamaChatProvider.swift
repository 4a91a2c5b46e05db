import Foundation
import NIOCore
import NIOHTTP1

/// Ollama's native chat API (`/api/chat`, NDJSON streaming).
public struct OllamaChatProvider: ChatProvider {
    public let name: String
    public let baseURL: String
    private let transport: LLMTransport

    public init(name: String = "ollama", baseURL: String = "http://127.0.0.1:11434", transport: LLMTransport) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = transport
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let body = try await transport.send(outbound(request, stream: false))
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
        let outbound: OutboundRequest
        do {
            outbound = try self.outbound(request, stream: true)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
        return transport.stream(outbound) { OllamaStreamDecoder() }
    }

    private func outbound(_ request: ChatRequest, stream: Bool) throws(LLMError) -> OutboundRequest {
        OutboundRequest(
            provider: name,
            url: baseURL + "/api/chat",
            headers: HTTPHeaders(),
            body: try OllamaRequestBody.make(request, stream: stream),
            secrets: []
        )
    }
}
