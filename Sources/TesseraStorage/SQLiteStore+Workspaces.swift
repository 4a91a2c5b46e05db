import Foundation
import GRDB
import TesseraCore

extension SQLiteStore: WorkspaceStore {
    public func insertWorkspace(_ workspace: Workspace, ownerID: String) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)",
                arguments: [workspace.id, workspace.name, workspace.createdTime.milliseconds])
            try db.execute(
                sql: "INSERT INTO workspace_members (workspace_id, user_id, permission_level) VALUES (?, ?, ?)",
                arguments: [workspace.id, ownerID, PermissionLevel.owner.rawValue])
        }
    }

    public func workspace(id: String) async throws -> Workspace? {
        try lookup { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM workspaces WHERE id = ?"), arguments: [id]).map(Self.workspace)
        }
    }

    public func upsertMember(_ member: WorkspaceMember) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO workspace_members (workspace_id, user_id, permission_level) VALUES (?, ?, ?)
                    ON CONFLICT (workspace_id, user_id) DO UPDATE SET permission_level = excluded.permission_level
                    """,
                arguments: [member.workspaceID, member.userID, member.permissionLevel.rawValue])
        }
    }

    public func workspaces(userID: String) async throws -> [(workspace: Workspace, permissionLevel: PermissionLevel)] {
        let members = try lookup { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT w.*, m.permission_level FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id
                        WHERE m.user_id = ? ORDER BY w.created_at, w.id
                        """), arguments: [userID]
            ).map { row in
                WorkspaceMembership(workspace: Self.workspace(row), level: PermissionLevel(rawValue: row["permission_level"]) ?? .read)
            }
        }
        return members.map { ($0.workspace, $0.level) }
    }

    public func permissionLevel(userID: String, workspaceID: String) async throws -> PermissionLevel? {
        try lookup { db in
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT permission_level FROM workspace_members WHERE user_id = ? AND workspace_id = ?"),
                arguments: [userID, workspaceID]
            ).flatMap(PermissionLevel.init)
        }
    }

    public func members(workspaceID: String) async throws -> [User] {
        try lookup { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT u.* FROM users u JOIN workspace_members m ON m.user_id = u.id WHERE m.workspace_id = ? ORDER BY u.email
                        """), arguments: [workspaceID]
            ).map(Self.user)
        }
    }

    public func insertBase(_ base: Base, tables: [TesseraCore.Table], actorID: String) async throws {
        try await write { db in try Self.insert(base, tables: tables, actorID: actorID, db) }
    }

    /// The base and its tables with their events; also the first step of an import.
    static func insert(_ base: Base, tables: [TesseraCore.Table], actorID: String, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO bases (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)",
            arguments: [base.id, base.workspaceID, base.name, base.createdTime.milliseconds])
        try appendEvent(.baseCreated, baseID: base.id, tableID: nil, recordID: nil, actorID: actorID, db)
        for table in tables {
            try insert(table, db)
            try appendEvent(.tableCreated, baseID: base.id, tableID: table.id, recordID: nil, actorID: actorID, db)
        }
    }

    public func accessibleBases(userID: String) async throws -> [AccessibleBase] {
        try lookup { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT b.*, m.permission_level FROM bases b JOIN workspace_members m ON m.workspace_id = b.workspace_id
                        WHERE m.user_id = ? ORDER BY b.created_at, b.id
                        """), arguments: [userID]
            ).map(Self.accessibleBase)
        }
    }

    public func accessibleBase(userID: String, baseID: String) async throws -> AccessibleBase? {
        try lookup { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT b.*, m.permission_level FROM bases b JOIN workspace_members m ON m.workspace_id = b.workspace_id
                        WHERE m.user_id = ? AND b.id = ?
                        """), arguments: [userID, baseID]
            ).map(Self.accessibleBase)
        }
    }

    private struct WorkspaceMembership: Sendable {
        let workspace: Workspace
        let level: PermissionLevel
    }

    private static func workspace(_ row: Row) -> Workspace {
        Workspace(id: row["id"], name: row["name"], createdTime: Date(milliseconds: row["created_at"]))
    }

    private static func accessibleBase(_ row: Row) -> AccessibleBase {
        AccessibleBase(
            base: Base(id: row["id"], workspaceID: row["workspace_id"], name: row["name"], createdTime: Date(milliseconds: row["created_at"])),
            permissionLevel: PermissionLevel(rawValue: row["permission_level"]) ?? .read)
    }

    static func appendEvent(_ kind: Event.Kind, baseID: String, tableID: String?, recordID: String?, actorID: String?, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO events (kind, base_id, table_id, record_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [kind.rawValue, baseID, tableID, recordID, actorID, Date().milliseconds])
    }
}

extension SQLiteStore: EventLog {
    public func events(after sequence: Int64, limit: Int) async throws -> [Event] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?"), arguments: [sequence, limit]).compactMap {
                row in
                Event.Kind(rawValue: row["kind"]).map { kind in
                    Event(
                        sequence: row["seq"], kind: kind, baseID: row["base_id"], tableID: row["table_id"], recordID: row["record_id"],
                        actorID: row["actor_id"], time: Date(milliseconds: row["created_at"]))
                }
            }
        }
    }
}
