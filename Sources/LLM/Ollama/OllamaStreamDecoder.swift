/// Decodes an Ollama `/api/chat` NDJSON stream. Tool calls arrive whole, so each becomes a
/// start, one arguments delta and an end.
public struct OllamaStreamDecoder: FramedStreamDecoder {
    var framing = NDJSONLineParser()
    private var toolCallCount = 0
    public private(set) var reachedEnd = false

    public init() {}

    public mutating func finish() throws(LLMError) -> [ChatStreamEvent] {
        var events: [ChatStreamEvent] = []
        for line in framing.finish() where !reachedEnd {
            try handle(line, into: &events)
        }
        if !reachedEnd { throw LLMError(.connection, "the stream ended before the final `done` line") }
        return events
    }

    mutating func handle(_ line: [UInt8], into events: inout [ChatStreamEvent]) throws(LLMError) {
        let object = try WireJSON.decode(OllamaWire.Response.self, from: line, what: "stream line")
        if let message = object.error {
            reachedEnd = true
            events.append(.error(LLMError(.streamError, message)))
            return
        }
        if let text = object.message?.content, !text.isEmpty {
            events.append(.textDelta(text))
        }
        for body in object.message?.toolCalls ?? [] {
            let call = body.toolCall()
            let ordinal = toolCallCount
            toolCallCount += 1
            events.append(.toolCallStart(index: ordinal, id: call.id, name: call.name))
            events.append(.toolCallArgumentsDelta(index: ordinal, fragment: call.arguments))
            events.append(.toolCallEnd(index: ordinal))
        }
        if object.done == true {
            reachedEnd = true
            events.append(.usage(object.usage))
            events.append(.finish(OllamaWire.finishReason(object.doneReason, sawToolCalls: toolCallCount > 0)))
        }
    }
}
