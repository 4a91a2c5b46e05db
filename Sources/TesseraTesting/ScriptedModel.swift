import Foundation
import LLM
import Synchronization

/// A chat provider whose answers a test scripts from the request it receives. It stands in for
/// the model, not for a provider's wire format (the LLM module's tests cover those against
/// fake servers): the code under test here is the orchestrator's loop.
public final class ScriptedModel: ChatProvider, Sendable {
    public typealias Script = @Sendable (ChatRequest) -> ChatMessage

    private let script: Script
    private let seen = Mutex<[ChatRequest]>([])

    public init(_ script: @escaping Script) {
        self.script = script
    }

    public var requests: [ChatRequest] { seen.withLock { $0 } }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        seen.withLock { $0.append(request) }
        let message = script(request)
        return ChatResponse(
            model: request.model, message: message, finishReason: message.toolCalls.isEmpty ? .stop : .toolCalls,
            usage: Usage(inputTokens: 100, outputTokens: 10))
    }

    /// The scripted answer in small pieces, as a provider would stream it.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            Task {
                do {
                    let response = try await complete(request)
                    if let text = response.message.text {
                        var rest = Substring(text)
                        while !rest.isEmpty {
                            continuation.yield(.textDelta(String(rest.prefix(5))))
                            rest = rest.dropFirst(5)
                        }
                    }
                    for (index, call) in response.message.toolCalls.enumerated() {
                        continuation.yield(.toolCallStart(index: index, id: call.id, name: call.name))
                        continuation.yield(.toolCallArgumentsDelta(index: index, fragment: call.arguments))
                        continuation.yield(.toolCallEnd(index: index))
                    }
                    continuation.yield(.usage(response.usage))
                    continuation.yield(.finish(response.finishReason))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
        }
    }
}

extension ChatRequest {
    /// Results of the tools run since the model's last answer.
    public var latestToolResults: [ToolResult] {
        messages.reversed().prefix { $0.role == .tool }.flatMap(\.toolResults)
    }

    public var lastUserText: String {
        messages.last { $0.role == .user }?.text ?? ""
    }
}

extension ModelCatalog {
    /// A catalog of one model, `scripted/model` (tools, $1 in and $10 out per million tokens),
    /// routed as `tessera/test`: what a `ScriptedModel` registered as provider "scripted" serves.
    public static func scripted() throws -> ModelCatalog {
        try ModelCatalog(
            models: [
                CatalogModel(
                    name: "model", provider: "scripted", contextWindow: 100_000, maxOutputTokens: nil,
                    pricing: ModelPricing(input: 1, output: 10), capabilities: [.tools])
            ], routes: ["tessera/test": ["scripted/model"]])
    }
}
