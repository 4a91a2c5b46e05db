/// A chat model endpoint: one provider client, or a router over several.
///
/// Implementations throw `LLMError`. See `ChatStreamEvent` for the stream's contract.
public protocol ChatProvider: Sendable {
    func complete(_ request: ChatRequest) async throws -> ChatResponse
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error>
}
