import Foundation
import NIOCore

/// Decodes an Ollama `/api/chat` NDJSON stream. Tool calls arrive whole, so each becomes a
/// start, one arguments delta and an end.
public struct OllamaStreamDecoder: ChatStreamDecoder {
    private var parser = NDJSONLineParser()
    private var toolCallCount = 0
    private var done = false

    public var reachedEnd: Bool { done }

    public init() {}

    public mutating func decode(_ chunk: ByteBuffer) throws(LLMError) -> [ChatStreamEvent] {
        guard !done else { return [] }
        var events: [ChatStreamEvent] = []
        for line in try parser.parse(chunk.readableBytesView) where !done {
            try handle(line, into: &events)
        }
        return events
    }

    public mutating func finish() throws(LLMError) -> [ChatStreamEvent] {
        var events: [ChatStreamEvent] = []
        for line in parser.finish() where !done {
            try handle(line, into: &events)
        }
        if !done { throw LLMError(.connection, "the stream ended before the final `done` line") }
        return events
    }

    private mutating func handle(_ line: [UInt8], into events: inout [ChatStreamEvent]) throws(LLMError) {
        let object = try WireJSON.decode(OllamaWire.Response.self, from: line, what: "stream line")
        if let message = object.error {
            done = true
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
            done = true
            events.append(.usage(object.usage))
            events.append(.finish(OllamaWire.finishReason(object.doneReason, sawToolCalls: toolCallCount > 0)))
        }
    }
}
