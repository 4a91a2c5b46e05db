import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: WorkspaceStore {
    public func insertWorkspace(_ workspace: Workspace, ownerID: String) async throws {
        try await write { transaction in
            try await transaction.execute(
                "INSERT INTO workspaces (id, name, created_at) VALUES (\(workspace.id), \(workspace.name), \(workspace.createdTime.milliseconds))")
            try await transaction.execute(
                """
                INSERT INTO workspace_members (workspace_id, user_id, permission_level) VALUES (\(workspace.id), \(ownerID), \(PermissionLevel.owner.rawValue))
                """)
        }
    }

    public func workspace(id: String) async throws -> Workspace? {
        try await rows("SELECT * FROM workspaces WHERE id = \(id)").first.map(Self.workspace)
    }

    public func upsertMember(_ member: WorkspaceMember) async throws {
        try await write { transaction in
            try await transaction.execute(
                """
                INSERT INTO workspace_members (workspace_id, user_id, permission_level) VALUES (\(member.workspaceID), \(member.userID), \(member.permissionLevel.rawValue))
                ON CONFLICT (workspace_id, user_id) DO UPDATE SET permission_level = excluded.permission_level
                """)
        }
    }

    public func workspaces(userID: String) async throws -> [(workspace: Workspace, permissionLevel: PermissionLevel)] {
        try await rows(
            """
            SELECT w.*, m.permission_level FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id
            WHERE m.user_id = \(userID) ORDER BY w.created_at, w.id
            """
        ).map { row in
            (try Self.workspace(row), PermissionLevel(rawValue: try row.value("permission_level")) ?? .read)
        }
    }

    public func permissionLevel(userID: String, workspaceID: String) async throws -> PermissionLevel? {
        try await rows("SELECT permission_level FROM workspace_members WHERE user_id = \(userID) AND workspace_id = \(workspaceID)")
            .first.flatMap { PermissionLevel(rawValue: try $0.value("permission_level")) }
    }

    public func members(workspaceID: String) async throws -> [User] {
        try await rows(
            """
            SELECT u.* FROM users u JOIN workspace_members m ON m.user_id = u.id WHERE m.workspace_id = \(workspaceID) ORDER BY u.email
            """
        ).map(Self.user)
    }

    public func insertBase(_ base: Base, tables: [TesseraCore.Table], actorID: String) async throws {
        try await write { transaction in try await Self.insert(base, tables: tables, actorID: actorID, transaction) }
    }

    /// The base and its tables with their events; also the first step of an import.
    static func insert(_ base: Base, tables: [TesseraCore.Table], actorID: String, _ transaction: PostgresTransaction) async throws {
        try await transaction.execute(
            """
            INSERT INTO bases (id, workspace_id, name, created_at) VALUES (\(base.id), \(base.workspaceID), \(base.name), \(base.createdTime.milliseconds))
            """)
        transaction.appendEvent(.baseCreated, baseID: base.id, tableID: nil, recordID: nil, actorID: actorID)
        for table in tables {
            try await insert(table, transaction)
            transaction.appendEvent(.tableCreated, baseID: base.id, tableID: table.id, recordID: nil, actorID: actorID)
        }
    }

    public func accessibleBases(userID: String) async throws -> [AccessibleBase] {
        try await rows(
            """
            SELECT b.*, m.permission_level FROM bases b JOIN workspace_members m ON m.workspace_id = b.workspace_id
            WHERE m.user_id = \(userID) ORDER BY b.created_at, b.id
            """
        ).map(Self.accessibleBase)
    }

    public func accessibleBase(userID: String, baseID: String) async throws -> AccessibleBase? {
        try await rows(
            """
            SELECT b.*, m.permission_level FROM bases b JOIN workspace_members m ON m.workspace_id = b.workspace_id
            WHERE m.user_id = \(userID) AND b.id = \(baseID)
            """
        ).first.map(Self.accessibleBase)
    }

    private static func workspace(_ row: PostgresRandomAccessRow) throws -> Workspace {
        Workspace(id: try row.value("id"), name: try row.value("name"), createdTime: Date(milliseconds: try row.value("created_at")))
    }

    private static func accessibleBase(_ row: PostgresRandomAccessRow) throws -> AccessibleBase {
        AccessibleBase(
            base: Base(
                id: try row.value("id"), workspaceID: try row.value("workspace_id"), name: try row.value("name"),
                createdTime: Date(milliseconds: try row.value("created_at"))),
            permissionLevel: PermissionLevel(rawValue: try row.value("permission_level")) ?? .read)
    }
}

extension PostgresStore: EventLog {
    /// Writers number events in commit order (see `PostgresTransaction`), so reading past the
    /// highest visible number never skips an event that commits later.
    public func events(after sequence: Int64, limit: Int) async throws -> [Event] {
        try await rows("SELECT * FROM events WHERE seq > \(sequence) ORDER BY seq LIMIT \(limit)").compactMap { row in
            try Event.Kind(rawValue: row.value("kind")).map { kind in
                Event(
                    sequence: try row.value("seq"), kind: kind, baseID: try row.value("base_id"), tableID: try row.value("table_id"),
                    recordID: try row.value("record_id"), actorID: try row.value("actor_id"), time: Date(milliseconds: try row.value("created_at")))
            }
        }
    }
}
