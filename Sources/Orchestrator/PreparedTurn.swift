import LLM
import TesseraCore

/// A turn after the checks: who pays, what the model sees, where its answer may be cached.
struct PreparedTurn: Sendable {
    let turn: ChatTurn
    let caller: Principal
    let workspaceID: String
    /// The models to try, in order (a route's chain, or the requested model alone).
    let models: [String]
    /// The conversation as sent to the model: Tessera's system prompt first when a base is named.
    let messages: [ChatMessage]
    /// Workspace tools followed by the client's own.
    let tools: [ToolDefinition]
    let clientToolNames: Set<String>
    let context: WorkspaceContext?
    let exactKey: CacheKey?
    let semantic: (key: CacheKey, vector: [Float])?

    /// Calls of a client's tool go back to the client; without a base every call does, since
    /// the orchestrator then runs no tools of its own.
    func isClientTool(_ name: String) -> Bool {
        context == nil || clientToolNames.contains(name)
    }
}

/// A finished turn before it is reported.
struct TurnOutcome: Sendable {
    let message: ChatMessage
    let finishReason: FinishReason
    let receipt: ChatTurnReceipt
    /// A workspace tool that changes data ran: such turns are never cached.
    let wrote: Bool
}
