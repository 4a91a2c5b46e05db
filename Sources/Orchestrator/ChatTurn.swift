import LLM

/// One chat request as a surface hands it to the orchestrator: the conversation the client sent
/// (with `chat.model` the requested name: a model, an alias or a route) and Tessera's options.
public struct ChatTurn: Sendable {
    public var chat: ChatRequest
    /// The base whose tables, retrieval context and tools the model gets; nil for a plain chat.
    public var baseID: String?
    /// The workspace to charge when no base is named; nil picks the caller's first workspace.
    public var workspaceID: String?
    /// Offer tools that change data (the token must be able to write too).
    public var allowWrites: Bool
    /// The records the person sending the request confirmed destructive changes to (deleting
    /// them, clearing their fields). A destructive call runs only when every record it covers is
    /// named here; the model cannot add to it, and a record's text steering the model cannot
    /// widen a confirmation given for another record.
    public var confirmedRecordIDs: Set<String>
    /// Whether caches may answer and store this turn.
    public var useCache: Bool
    /// With a base: add the records semantic search finds for the last user message.
    public var retrieval: Bool

    public init(
        chat: ChatRequest, baseID: String? = nil, workspaceID: String? = nil, allowWrites: Bool = false,
        confirmedRecordIDs: Set<String> = [], useCache: Bool = true, retrieval: Bool = true
    ) {
        self.chat = chat
        self.baseID = baseID
        self.workspaceID = workspaceID
        self.allowWrites = allowWrites
        self.confirmedRecordIDs = confirmedRecordIDs
        self.useCache = useCache
        self.retrieval = retrieval
    }
}

/// How a turn's answer was obtained, for the response headers.
public enum CacheOutcome: String, Sendable {
    case miss, hit, semanticHit = "semantic-hit", bypass
}

/// What the surfaces report beside the answer: who answered and what it cost.
public struct ChatTurnReceipt: Sendable {
    /// `provider/model` of the model that gave the final answer.
    public var model: String
    /// Summed over every model round of the turn, with its cost.
    public var usage: Usage
    public var cache: CacheOutcome
    /// Workspace tools the orchestrator ran during the turn, in order.
    public var toolsRun: [String]
}

/// A complete answer.
public struct ChatTurnResult: Sendable {
    /// The final assistant message: the text of every round, and the client's tool calls.
    public var response: ChatResponse
    public var receipt: ChatTurnReceipt
}
