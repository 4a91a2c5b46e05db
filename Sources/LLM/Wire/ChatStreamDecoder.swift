import NIOCore

/// Turns a provider's streamed response body into neutral stream events, chunk by chunk.
///
/// Decoders are pure state machines with no I/O, so tests and benchmarks can drive them with
/// any split of the bytes.
public protocol ChatStreamDecoder: SendableMetatype {
    /// The events completed by this chunk of the body.
    mutating func decode(_ chunk: ByteBuffer) throws(LLMError) -> [ChatStreamEvent]
    /// The closing events at the end of the body; throws when the body ended too early.
    mutating func finish() throws(LLMError) -> [ChatStreamEvent]
    /// Whether the body's last event (its end marker, or an error the provider reported) was
    /// decoded: nothing the connection does afterwards can add to or take from the stream.
    var reachedEnd: Bool { get }
}
