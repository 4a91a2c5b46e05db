import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: UsageStore {
    public func insertUsage(_ entry: UsageEntry) async throws {
        try await write { transaction in
            try await transaction.execute(
                """
                INSERT INTO ai_usage (workspace_id, user_id, token_id, model, input_tokens, output_tokens, cost_usd, cached, created_at)
                VALUES (\(entry.workspaceID), \(entry.userID), \(entry.tokenID), \(entry.model), \(entry.inputTokens), \(entry.outputTokens),
                        \(entry.costUSD), \(entry.cached), \(entry.time.milliseconds))
                """)
        }
    }

    public func spend(workspaceID: String, since: Date) async throws -> Double {
        try await rows(
            """
            SELECT COALESCE(SUM(cost_usd), 0)::float8 AS spent FROM ai_usage WHERE workspace_id = \(workspaceID) AND created_at >= \(since.milliseconds)
            """
        ).first?.value("spent") ?? 0
    }

    public func monthlyBudget(workspaceID: String) async throws -> Double? {
        try await rows("SELECT monthly_usd FROM workspace_budgets WHERE workspace_id = \(workspaceID)").first?.value("monthly_usd")
    }

    public func setMonthlyBudget(_ usd: Double?, workspaceID: String) async throws {
        try await write { transaction in
            if let usd {
                try await transaction.execute(
                    """
                    INSERT INTO workspace_budgets (workspace_id, monthly_usd) VALUES (\(workspaceID), \(usd))
                    ON CONFLICT (workspace_id) DO UPDATE SET monthly_usd = excluded.monthly_usd
                    """)
            } else {
                try await transaction.execute("DELETE FROM workspace_budgets WHERE workspace_id = \(workspaceID)")
            }
        }
    }
}
