import Foundation
import TesseraCore

/// The audit log's table and queries, the same on SQLite and PostgreSQL but for placeholders.
/// Entries have no foreign keys: they outlive the users, tokens and workspaces they name.
enum AuditLogSQL {
    static func createTable(idColumn: String) -> String {
        """
        CREATE TABLE audit_log (
            \(idColumn),
            created_at BIGINT NOT NULL,
            action TEXT NOT NULL,
            actor_kind TEXT NOT NULL,
            actor_id TEXT,
            token_id TEXT,
            workspace_id TEXT,
            base_id TEXT,
            account_id TEXT,
            model_id TEXT,
            ip_address TEXT,
            payload TEXT NOT NULL
        );
        CREATE INDEX audit_log_workspace ON audit_log(workspace_id, id);
        CREATE INDEX audit_log_account ON audit_log(account_id, id) WHERE workspace_id IS NULL;
        CREATE INDEX audit_log_time ON audit_log(created_at);
        """
    }

    static let insertColumns =
        "created_at, action, actor_kind, actor_id, token_id, workspace_id, base_id, account_id, model_id, ip_address, payload"

    static let selectColumns = "id, " + insertColumns

    enum Value {
        case text(String)
        case integer(Int64)
    }

    /// The values of `insertColumns` for an entry.
    static func values(of entry: AuditEntry) -> [Value?] {
        [
            .integer(entry.time.milliseconds), .text(entry.action.rawValue), .text(entry.actor.kind), entry.actor.userID.map(Value.text),
            entry.actor.tokenID.map(Value.text), entry.workspaceID.map(Value.text), entry.baseID.map(Value.text),
            entry.accountID.map(Value.text), entry.modelID.map(Value.text), entry.ipAddress.map(Value.text),
            .text(JSONValue.object(entry.payload).jsonString()),
        ]
    }

    /// `SELECT … WHERE … ORDER BY … LIMIT …` for the query; `bind` returns the placeholder of a
    /// value it has kept for the statement's arguments.
    static func select(_ query: AuditQuery, bind: (Value) -> String) -> String {
        var conditions: [String] = []
        if let workspaceID = query.workspaceID {
            // The workspace's own entries, and the account entries (logins, tokens) of its members.
            let first = bind(.text(workspaceID))
            let second = bind(.text(workspaceID))
            conditions.append(
                "(workspace_id = \(first) OR (workspace_id IS NULL AND account_id IN (SELECT user_id FROM workspace_members WHERE workspace_id = \(second))))"
            )
        }
        if !query.actions.isEmpty {
            let placeholders = query.actions.map(\.rawValue).sorted().map { bind(.text($0)) }
            conditions.append("action IN (\(placeholders.joined(separator: ", ")))")
        }
        if let actorID = query.actorID { conditions.append("actor_id = \(bind(.text(actorID)))") }
        if let baseID = query.baseID { conditions.append("base_id = \(bind(.text(baseID)))") }
        if let modelID = query.modelID { conditions.append("model_id = \(bind(.text(modelID)))") }
        if let since = query.since { conditions.append("created_at >= \(bind(.integer(since.milliseconds)))") }
        if let until = query.until { conditions.append("created_at < \(bind(.integer(until.milliseconds)))") }
        if let after = query.after { conditions.append("id \(query.ascending ? ">" : "<") \(bind(.integer(after)))") }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return "SELECT \(selectColumns) FROM audit_log\(filter) ORDER BY id \(query.ascending ? "ASC" : "DESC") LIMIT \(max(query.limit, 0))"
    }

    /// An entry from its stored columns; nil for an action or actor this version does not know
    /// (written by a newer node during a rolling upgrade).
    static func entry(
        id: Int64, createdAt: Int64, action: String, actorKind: String, actorID: String?, tokenID: String?, workspaceID: String?,
        baseID: String?, accountID: String?, modelID: String?, ipAddress: String?, payload: String
    ) -> AuditEntry? {
        guard let action = AuditAction(rawValue: action), let actor = AuditActor(kind: actorKind, userID: actorID, tokenID: tokenID) else {
            return nil
        }
        return AuditEntry(
            id: id, time: Date(milliseconds: createdAt), action: action, actor: actor, workspaceID: workspaceID, baseID: baseID,
            accountID: accountID, modelID: modelID, ipAddress: ipAddress, payload: (try? JSONValue.parse(payload).objectValue) ?? [:])
    }
}
