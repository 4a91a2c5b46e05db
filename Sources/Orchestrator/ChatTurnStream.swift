import LLM

/// A streamed answer that has started: the model answering is known, the events follow.
public struct ChatTurnStream: Sendable {
    /// `provider/model` of the model answering the first round.
    public let model: String
    public let events: AsyncThrowingStream<ChatTurnEvent, any Error>
}

/// What a streamed turn delivers: the client-facing chat events (text, the client's own tool
/// calls numbered from 0), then `finished` once.
public enum ChatTurnEvent: Sendable {
    case chat(ChatStreamEvent)
    case finished(FinishReason, ChatTurnReceipt)
}
