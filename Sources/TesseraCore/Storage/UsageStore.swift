import Foundation

/// What AI requests used and cost, and the monthly budgets that cap it. Kept in the database so
/// every node of a scale-out deployment sees the same spend.
public protocol UsageStore: Sendable {
    func insertUsage(_ entry: UsageEntry) async throws
    /// The summed cost of a workspace's entries at or after `since`.
    func spend(workspaceID: String, since: Date) async throws -> Double
    func monthlyBudget(workspaceID: String) async throws -> Double?
    /// nil removes the budget.
    func setMonthlyBudget(_ usd: Double?, workspaceID: String) async throws
}

/// One answered AI request (a chat turn or an embeddings call).
public struct UsageEntry: Sendable, Equatable {
    public let workspaceID: String
    public let userID: String
    /// nil for a login session.
    public let tokenID: String?
    /// `provider/model` that answered.
    public let model: String
    public let inputTokens: Int
    public let outputTokens: Int
    /// 0 when served from a cache; unpriced models count as 0 too.
    public let costUSD: Double
    public let cached: Bool
    public let time: Date

    public init(
        workspaceID: String, userID: String, tokenID: String?, model: String, inputTokens: Int, outputTokens: Int, costUSD: Double, cached: Bool, time: Date
    ) {
        self.workspaceID = workspaceID
        self.userID = userID
        self.tokenID = tokenID
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
        self.cached = cached
        self.time = time
    }
}
