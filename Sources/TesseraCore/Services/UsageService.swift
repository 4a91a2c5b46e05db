import Foundation

/// AI spend per workspace: recording it, and the monthly budgets owners set to cap it.
public struct UsageService: Sendable {
    /// How a workspace stands against its budget this calendar month (UTC).
    public struct BudgetStatus: Sendable, Equatable {
        public let monthlyBudgetUSD: Double?
        public let spentThisMonthUSD: Double

        public var isExhausted: Bool {
            monthlyBudgetUSD.map { spentThisMonthUSD >= $0 } ?? false
        }
    }

    private let store: any UsageStore & WorkspaceStore
    private let gate: AccessGate

    public init(store: any UsageStore & WorkspaceStore) {
        self.store = store
        gate = AccessGate(store: store)
    }

    public func record(_ entry: UsageEntry) async throws {
        try await store.insertUsage(entry)
    }

    public func status(workspaceID: String, now: Date = Date()) async throws -> BudgetStatus {
        async let budget = store.monthlyBudget(workspaceID: workspaceID)
        async let spent = store.spend(workspaceID: workspaceID, since: Self.startOfMonth(containing: now))
        return try await BudgetStatus(monthlyBudgetUSD: budget, spentThisMonthUSD: spent)
    }

    /// Only workspace owners set budgets; nil removes the cap.
    public func setMonthlyBudget(_ usd: Double?, workspaceID: String, by principal: Principal) async throws {
        _ = try await gate.workspace(workspaceID, for: principal, level: .owner)
        if let usd, !(usd >= 0 && usd.isFinite) {
            throw TesseraError.invalidRequest("A monthly budget is a non-negative number of US dollars")
        }
        try await store.setMonthlyBudget(usd, workspaceID: workspaceID)
    }

    static func startOfMonth(containing date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: calendar.dateComponents([.year, .month], from: date)) ?? date
    }
}
