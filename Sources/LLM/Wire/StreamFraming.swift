/// Splits a streamed response body into the frames a provider sends (SSE events, NDJSON
/// lines), chunk by chunk.
protocol StreamFraming {
    associatedtype Frame

    /// The frames these bytes complete.
    mutating func parse<Bytes: Sequence>(_ bytes: Bytes) throws(LLMError) -> [Frame] where Bytes.Element == UInt8
}

extension ServerSentEventParser: StreamFraming {}

extension NDJSONLineParser: StreamFraming {}
