/// One event of a streamed answer, the same for every provider.
///
/// A stream that started delivers, in order: text and tool-call events, then `usage`, then
/// `finish`. A failure after the first event arrives as a final `error` event, so a consumer
/// can tell a partial answer from a failed start; failures before it are thrown instead
/// (and may be retried or fall back to another model, since nothing was shown yet).
public enum ChatStreamEvent: Sendable, Hashable {
    case textDelta(String)
    /// A tool call begins; `index` counts the tool calls of this answer from 0.
    case toolCallStart(index: Int, id: String, name: String)
    case toolCallArgumentsDelta(index: Int, fragment: String)
    case toolCallEnd(index: Int)
    case usage(Usage)
    case finish(FinishReason)
    case error(LLMError)
}
