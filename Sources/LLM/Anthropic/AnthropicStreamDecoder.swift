/// Decodes an Anthropic Messages SSE stream: `message_start`, then per content block
/// `content_block_start` / `content_block_delta` / `content_block_stop`, then `message_delta`
/// (stop reason, final output count) and `message_stop`; `ping` and `error` may come anywhere.
public struct AnthropicStreamDecoder: FramedStreamDecoder {
    var framing = ServerSentEventParser()
    /// Content block index → tool-call ordinal, for blocks that are tool calls.
    private var toolOrdinals: [Int: Int] = [:]
    private var usage = Usage()
    private var finishReason: FinishReason?
    public private(set) var reachedEnd = false

    public init() {}

    public mutating func finish() throws(LLMError) -> [ChatStreamEvent] {
        if reachedEnd { return [] }
        throw LLMError(.connection, "the stream ended before message_stop")
    }

    mutating func handle(_ sse: ServerSentEvent, into events: inout [ChatStreamEvent]) throws(LLMError) {
        let event = try WireJSON.decode(AnthropicWire.StreamEvent.self, from: sse.data.utf8, what: "stream event")
        switch event.type {
        case "message_start":
            event.message?.usage?.merged(into: &usage)
        case "content_block_start":
            guard let block = event.contentBlock, let index = event.index else { return }
            if block.type == "tool_use" {
                let ordinal = toolOrdinals.count
                toolOrdinals[index] = ordinal
                events.append(.toolCallStart(index: ordinal, id: block.id ?? ToolCallID.make(), name: block.name ?? ""))
            } else if block.type == "text", let text = block.text, !text.isEmpty {
                events.append(.textDelta(text))
            }
        case "content_block_delta":
            guard let delta = event.delta, let index = event.index else { return }
            switch delta.type {
            case "text_delta":
                if let text = delta.text, !text.isEmpty { events.append(.textDelta(text)) }
            case "input_json_delta":
                if let ordinal = toolOrdinals[index], let fragment = delta.partialJSON, !fragment.isEmpty {
                    events.append(.toolCallArgumentsDelta(index: ordinal, fragment: fragment))
                }
            default:
                break // thinking and signature deltas are not part of the neutral model
            }
        case "content_block_stop":
            if let index = event.index, let ordinal = toolOrdinals[index] {
                events.append(.toolCallEnd(index: ordinal))
            }
        case "message_delta":
            if let reason = event.delta?.stopReason { finishReason = AnthropicWire.finishReason(reason) }
            event.usage?.merged(into: &usage)
        case "message_stop":
            reachedEnd = true
            events.append(.usage(usage))
            events.append(.finish(finishReason ?? .stop))
        case "error":
            reachedEnd = true
            let detail = event.error
            events.append(
                .error(
                    LLMError(
                        detail?.type == "overloaded_error" ? .overloaded : .streamError,
                        detail?.message ?? "the provider reported an error",
                        providerCode: detail?.type
                    )))
        default:
            break // `ping` and event types added later carry nothing to pass on
        }
    }
}
