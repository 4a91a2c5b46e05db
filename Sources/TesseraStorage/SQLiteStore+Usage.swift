import Foundation
import GRDB
import TesseraCore

extension SQLiteStore: UsageStore {
    public func insertUsage(_ entry: UsageEntry) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO ai_usage (workspace_id, user_id, token_id, model, input_tokens, output_tokens, cost_usd, cached, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.workspaceID, entry.userID, entry.tokenID, entry.model, entry.inputTokens, entry.outputTokens,
                    entry.costUSD, entry.cached, entry.time.milliseconds,
                ])
        }
    }

    public func spend(workspaceID: String, since: Date) async throws -> Double {
        try await read { db in
            try Double.fetchOne(
                db.cachedStatement(sql: "SELECT COALESCE(SUM(cost_usd), 0) FROM ai_usage WHERE workspace_id = ? AND created_at >= ?"),
                arguments: [workspaceID, since.milliseconds]) ?? 0
        }
    }

    public func monthlyBudget(workspaceID: String) async throws -> Double? {
        try lookup { db in
            try Double.fetchOne(db.cachedStatement(sql: "SELECT monthly_usd FROM workspace_budgets WHERE workspace_id = ?"), arguments: [workspaceID])
        }
    }

    public func setMonthlyBudget(_ usd: Double?, workspaceID: String) async throws {
        try await write { db in
            if let usd {
                try db.execute(
                    sql: """
                        INSERT INTO workspace_budgets (workspace_id, monthly_usd) VALUES (?, ?)
                        ON CONFLICT (workspace_id) DO UPDATE SET monthly_usd = excluded.monthly_usd
                        """,
                    arguments: [workspaceID, usd])
            } else {
                try db.execute(sql: "DELETE FROM workspace_budgets WHERE workspace_id = ?", arguments: [workspaceID])
            }
        }
    }
}
