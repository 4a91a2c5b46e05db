import Foundation
import GRDB
import TesseraCore

extension SQLiteStore: AuditStore {
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> Int64 {
        let arguments = StatementArguments(AuditLogSQL.values(of: entry).map(databaseValue))
        return try await write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (\(AuditLogSQL.insertColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", arguments: arguments)
            return db.lastInsertedRowID
        }
    }

    public func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry] {
        var values: [DatabaseValue] = []
        let sql = AuditLogSQL.select(query) { value in
            values.append(databaseValue(value))
            return "?"
        }
        let arguments = StatementArguments(values)
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                AuditLogSQL.entry(
                    id: row["id"], createdAt: row["created_at"], action: row["action"], actorKind: row["actor_kind"], actorID: row["actor_id"],
                    tokenID: row["token_id"], workspaceID: row["workspace_id"], baseID: row["base_id"], accountID: row["account_id"],
                    modelID: row["model_id"], ipAddress: row["ip_address"], payload: row["payload"])
            }
        }
    }

    public func pruneAudit(before cutoff: Date) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM audit_log WHERE created_at < ?", arguments: [cutoff.milliseconds])
            return db.changesCount
        }
    }
}

/// A value of the audit log's SQL as GRDB binds it.
private func databaseValue(_ value: AuditLogSQL.Value?) -> DatabaseValue {
    switch value {
    case .text(let text): text.databaseValue
    case .integer(let number): number.databaseValue
    case nil: .null
    }
}
