/// Workspaces, their members, and bases with their table schemas.
public protocol WorkspaceStore: Sendable {
    func insertWorkspace(_ workspace: Workspace, ownerID: String) async throws
    func workspace(id: String) async throws -> Workspace?
    /// Adds or changes a member's level.
    func upsertMember(_ member: WorkspaceMember) async throws
    func workspaces(userID: String) async throws -> [(workspace: Workspace, permissionLevel: PermissionLevel)]
    func permissionLevel(userID: String, workspaceID: String) async throws -> PermissionLevel?
    /// The workspace's members: who a collaborator cell of its bases may name.
    func members(workspaceID: String) async throws -> [User]

    /// Creates the base and its tables, with events, in one transaction.
    func insertBase(_ base: Base, tables: [Table], actorID: String) async throws
    /// Bases in workspaces the user belongs to, oldest first.
    func accessibleBases(userID: String) async throws -> [AccessibleBase]
    func accessibleBase(userID: String, baseID: String) async throws -> AccessibleBase?
}

/// Table schemas. Each write appends its events in the same transaction.
public protocol SchemaStore: Sendable {
    func tables(baseID: String) async throws -> [Table]
    /// Writes a table's name, description, search fields and views; fields are written with `changeSchema`.
    func updateTable(_ table: Table, actorID: String) async throws
    /// Applies new tables, new and changed fields, then computes the derived fields every record
    /// must get again, in one transaction. A name taken in a table is `.duplicateFieldName`.
    func changeSchema(_ change: SchemaChange, actorID: String) async throws
}

/// A change to one base's schema: new tables, new fields (a link's inverse is a new field of
/// the linked table), changed fields, and the derived fields all of a table's records compute
/// again (a new lookup, a changed formula, renamed select choices a lookup shows).
public struct SchemaChange: Sendable, Equatable {
    public let baseID: String
    public var newTables: [Table] = []
    public var newFields: [PlacedField] = []
    public var changedFields: [PlacedField] = []
    /// Table id → derived field ids.
    public var recompute: [String: Set<String>] = [:]

    public init(baseID: String) {
        self.baseID = baseID
    }
}

/// A field and the table it belongs to.
public struct PlacedField: Sendable, Equatable {
    public let tableID: String
    public let field: Field

    public init(tableID: String, field: Field) {
        self.tableID = tableID
        self.field = field
    }
}
