import Foundation

/// AI spend per workspace: recording it, and how it stands against the monthly budget
/// (set by the operator with `tessera workspaces budget`).
public struct UsageService: Sendable {
    /// How a workspace stands against its budget this calendar month (UTC).
    public struct BudgetStatus: Sendable, Equatable {
        public let monthlyBudgetUSD: Double?
        public let spentThisMonthUSD: Double
        /// When the next month begins and the spend counts from zero again.
        public let resets: Date

        public var isExhausted: Bool {
            monthlyBudgetUSD.map { spentThisMonthUSD >= $0 } ?? false
        }
    }

    private let store: any UsageStore & AuditStore

    public init(store: any UsageStore & AuditStore) {
        self.store = store
    }

    public func record(_ entry: UsageEntry) async throws {
        try await store.insertUsage(entry)
    }

    /// Sets (nil: removes) a workspace's monthly budget.
    public func setMonthlyBudget(_ usd: Double?, workspaceID: String, by actor: AuditActor) async throws {
        let previous = try await store.monthlyBudget(workspaceID: workspaceID)
        try await store.setMonthlyBudget(usd, workspaceID: workspaceID)
        try await store.appendAudit(
            AuditEntry(
                action: .budgetChanged, actor: actor, workspaceID: workspaceID, modelID: workspaceID,
                payload: ["monthlyUsd": usd.map(JSONValue.number) ?? .null, "previousMonthlyUsd": previous.map(JSONValue.number) ?? .null]))
    }

    public func status(workspaceID: String, now: Date = Date()) async throws -> BudgetStatus {
        let month = Self.month(containing: now)
        async let budget = store.monthlyBudget(workspaceID: workspaceID)
        async let spent = store.spend(workspaceID: workspaceID, since: month.start)
        return try await BudgetStatus(monthlyBudgetUSD: budget, spentThisMonthUSD: spent, resets: month.next)
    }

    /// The workspace's budget status when it is used up, else nil. The spend is summed only when there is a
    /// budget, so the check costs one lookup for the (common) workspaces without one.
    public func exhaustedBudget(workspaceID: String, now: Date = Date()) async throws -> BudgetStatus? {
        guard let budget = try await store.monthlyBudget(workspaceID: workspaceID) else { return nil }
        let month = Self.month(containing: now)
        let status = BudgetStatus(
            monthlyBudgetUSD: budget, spentThisMonthUSD: try await store.spend(workspaceID: workspaceID, since: month.start),
            resets: month.next)
        return status.isExhausted ? status : nil
    }

    /// The calendar month (UTC) holding `date`: its first instant and the next month's.
    static func month(containing date: Date) -> (start: Date, next: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: calendar.dateComponents([.year, .month], from: date)) ?? date
        return (start, calendar.date(byAdding: .month, value: 1, to: start) ?? date)
    }
}
