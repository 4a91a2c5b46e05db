import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: AuditStore {
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> Int64 {
        var bindings = PostgresBindings()
        for value in AuditLogSQL.values(of: entry) { bindings.append(value) }
        let placeholders = (1...bindings.count).map { "$\($0)" }.joined(separator: ", ")
        let query = PostgresQuery(unsafeSQL: "INSERT INTO audit_log (\(AuditLogSQL.insertColumns)) VALUES (\(placeholders)) RETURNING id", binds: bindings)
        return try await write { transaction in
            guard let id = try await transaction.rows(query).first?.value("id", as: Int64.self) else {
                throw PostgresStoreError(sqlState: "", message: "INSERT … RETURNING gave no id", detail: nil)
            }
            return id
        }
    }

    public func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry] {
        var bindings = PostgresBindings()
        let sql = AuditLogSQL.select(query) { value in
            bindings.append(value)
            return "$\(bindings.count)"
        }
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: bindings)).compactMap { row in
            AuditLogSQL.entry(
                id: try row.value("id"), createdAt: try row.value("created_at"), action: try row.value("action"),
                actorKind: try row.value("actor_kind"), actorID: try row.value("actor_id"), tokenID: try row.value("token_id"),
                workspaceID: try row.value("workspace_id"), baseID: try row.value("base_id"), accountID: try row.value("account_id"),
                modelID: try row.value("model_id"), ipAddress: try row.value("ip_address"), payload: try row.value("payload"))
        }
    }

    public func pruneAudit(before cutoff: Date) async throws -> Int {
        try await write { transaction in
            try await transaction.rows("DELETE FROM audit_log WHERE created_at < \(cutoff.milliseconds) RETURNING id").count
        }
    }
}

extension PostgresBindings {
    fileprivate mutating func append(_ value: AuditLogSQL.Value?) {
        switch value {
        case .text(let text): append(text)
        case .integer(let number): append(number)
        case nil: appendNull()
        }
    }
}
