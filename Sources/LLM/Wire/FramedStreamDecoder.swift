import NIOCore

/// A provider's stream decoder: a framing of the body and what each frame adds to the stream.
/// Decoding a chunk is the same for every provider: frames are handled until the end is seen.
protocol FramedStreamDecoder: ChatStreamDecoder {
    associatedtype Framing: StreamFraming

    var framing: Framing { get set }

    /// Appends the events `frame` completes; the end marker or a reported error sets `reachedEnd`.
    mutating func handle(_ frame: Framing.Frame, into events: inout [ChatStreamEvent]) throws(LLMError)
}

extension FramedStreamDecoder {
    public mutating func decode(_ chunk: ByteBuffer) throws(LLMError) -> [ChatStreamEvent] {
        guard !reachedEnd else { return [] }
        var events: [ChatStreamEvent] = []
        for frame in try framing.parse(chunk.readableBytesView) where !reachedEnd {
            try handle(frame, into: &events)
        }
        return events
    }
}
