/// Decodes an OpenAI Chat Completions SSE stream (`data: {chunk}` … `data: [DONE]`).
///
/// Tool calls arrive as fragments keyed by `index`; the first fragment carries id and name,
/// later ones only pieces of the arguments text, split anywhere (even inside a token).
public struct OpenAIStreamDecoder: FramedStreamDecoder {
    var framing = ServerSentEventParser()
    /// Wire tool-call index → our ordinal, in order of first appearance.
    private var toolOrdinals: [Int: Int] = [:]
    private var openToolCalls: [Int] = []
    private var finishReason: FinishReason?
    private var usage: Usage?
    public private(set) var reachedEnd = false

    public init() {}

    public mutating func finish() throws(LLMError) -> [ChatStreamEvent] {
        if reachedEnd { return [] }
        // Some OpenAI-compatible servers end the body without `[DONE]` after the last chunk.
        guard finishReason != nil else {
            throw LLMError(.connection, "the stream ended before the answer was complete")
        }
        return close()
    }

    mutating func handle(_ event: ServerSentEvent, into events: inout [ChatStreamEvent]) throws(LLMError) {
        if event.data == "[DONE]" {
            events += close()
            return
        }
        let chunk = try WireJSON.decode(OpenAIWire.Chunk.self, from: event.data.utf8, what: "stream chunk")
        if let error = chunk.error {
            reachedEnd = true
            events.append(.error(LLMError(.streamError, error.message ?? "the provider reported an error", providerCode: error.code ?? error.type)))
            return
        }
        if let usage = chunk.usage { self.usage = usage.usage }
        // Only the first choice is used; requests never ask for more than one.
        guard let choice = chunk.choices?.first(where: { ($0.index ?? 0) == 0 }) else { return }
        if let text = choice.delta?.content, !text.isEmpty {
            events.append(.textDelta(text))
        }
        for call in choice.delta?.toolCalls ?? [] {
            let wireIndex = call.index ?? 0
            let ordinal: Int
            if let known = toolOrdinals[wireIndex] {
                ordinal = known
            } else {
                ordinal = toolOrdinals.count
                toolOrdinals[wireIndex] = ordinal
                openToolCalls.append(ordinal)
                events.append(.toolCallStart(index: ordinal, id: call.id ?? ToolCallID.make(), name: call.function?.name ?? ""))
            }
            if let fragment = call.function?.arguments, !fragment.isEmpty {
                events.append(.toolCallArgumentsDelta(index: ordinal, fragment: fragment))
            }
        }
        if let reason = choice.finishReason {
            finishReason = OpenAIWire.finishReason(reason)
            events += closeToolCalls()
        }
    }

    private mutating func closeToolCalls() -> [ChatStreamEvent] {
        defer { openToolCalls.removeAll() }
        return openToolCalls.map { .toolCallEnd(index: $0) }
    }

    private mutating func close() -> [ChatStreamEvent] {
        reachedEnd = true
        var events = closeToolCalls()
        if let usage { events.append(.usage(usage)) }
        events.append(.finish(finishReason ?? .stop))
        return events
    }
}
