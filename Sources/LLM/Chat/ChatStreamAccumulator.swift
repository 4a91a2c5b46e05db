/// Folds stream events into the complete response they describe.
public struct ChatStreamAccumulator: Sendable {
    private var text = ""
    private var toolCalls: [ToolCall] = []
    private var usage = Usage()
    private var finishReason: FinishReason?

    public init() {}

    /// Adds one event; an `.error` event is thrown.
    public mutating func add(_ event: ChatStreamEvent) throws(LLMError) {
        switch event {
        case .textDelta(let delta):
            text += delta
        case .toolCallStart(let index, let id, let name):
            while toolCalls.count <= index { toolCalls.append(ToolCall(id: "", name: "", arguments: "")) }
            toolCalls[index].id = id
            toolCalls[index].name = name
        case .toolCallArgumentsDelta(let index, let fragment):
            guard toolCalls.indices.contains(index) else {
                throw LLMError(.malformedResponse, "arguments for tool call \(index) arrived before the call started")
            }
            toolCalls[index].arguments += fragment
        case .toolCallEnd:
            break
        case .usage(let usage):
            self.usage = usage
        case .finish(let reason):
            finishReason = reason
        case .error(let error):
            throw error
        }
    }

    /// The response, once the stream delivered its `finish` event.
    public func response(model: String) throws(LLMError) -> ChatResponse {
        guard let finishReason else {
            throw LLMError(.connection, "the stream ended before the answer was complete")
        }
        return ChatResponse(
            model: model,
            message: .assistant(text.isEmpty ? nil : text, toolCalls: toolCalls),
            finishReason: finishReason,
            usage: usage
        )
    }
}
