/// Workspaces, their members, and bases with their table schemas.
public protocol WorkspaceStore: Sendable {
    func insertWorkspace(_ workspace: Workspace, ownerID: String) async throws
    func workspace(id: String) async throws -> Workspace?
    /// Adds or changes a member's level.
    func upsertMember(_ member: WorkspaceMember) async throws
    func workspaces(userID: String) async throws -> [(workspace: Workspace, permissionLevel: PermissionLevel)]
    func permissionLevel(userID: String, workspaceID: String) async throws -> PermissionLevel?

    /// Creates the base and its tables, with events, in one transaction.
    func insertBase(_ base: Base, tables: [Table], actorID: String) async throws
    /// Bases in workspaces the user belongs to, oldest first.
    func accessibleBases(userID: String) async throws -> [AccessibleBase]
    func accessibleBase(userID: String, baseID: String) async throws -> AccessibleBase?
}

/// Table schemas. Each write appends its event in the same transaction.
public protocol SchemaStore: Sendable {
    func tables(baseID: String) async throws -> [Table]
    func insertTable(_ table: Table, actorID: String) async throws
    /// Writes a table's name, description and search fields; fields are written with the field
    /// operations.
    func updateTable(_ table: Table, actorID: String) async throws
    /// Appends a field; throws `.conflict` when its name is taken in the table.
    func insertField(_ field: Field, tableID: String, actorID: String) async throws
    func updateField(_ field: Field, tableID: String, actorID: String) async throws
}
