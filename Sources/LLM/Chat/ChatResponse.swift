/// A complete answer: the assistant message, why it ended and what it used.
public struct ChatResponse: Sendable, Hashable {
    public var model: String
    public var message: ChatMessage
    public var finishReason: FinishReason
    public var usage: Usage

    public init(model: String, message: ChatMessage, finishReason: FinishReason, usage: Usage) {
        self.model = model
        self.message = message
        self.finishReason = finishReason
        self.usage = usage
    }
}
