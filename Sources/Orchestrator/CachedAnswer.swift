import LLM

/// A finished turn as the caches keep it.
struct CachedAnswer: Sendable {
    let message: ChatMessage
    let finishReason: FinishReason
    /// What the original turn used; a cache hit reports it but is charged nothing.
    let usage: Usage
    let model: String
}
