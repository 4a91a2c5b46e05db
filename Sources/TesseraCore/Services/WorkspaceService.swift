import Foundation

/// Workspaces, members and bases.
public struct WorkspaceService: Sendable {
    private let store: any WorkspaceStore & UserStore & AuditStore
    private let gate: AccessGate

    public init(store: any WorkspaceStore & UserStore & AuditStore) {
        self.store = store
        gate = AccessGate(store: store)
    }

    /// Creates a workspace owned by `ownerID` (an administrative act: the CLI, or a user for themself).
    public func createWorkspace(name: String, ownerID: String, by actor: AuditActor = .operator) async throws -> Workspace {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw TesseraError.invalidRequest("A workspace needs a name") }
        guard try await store.user(id: ownerID) != nil else { throw TesseraError.notFound("No such user") }
        let workspace = Workspace(id: TesseraID.make(.workspace), name: name, createdTime: Date())
        try await store.insertWorkspace(workspace, ownerID: ownerID)
        try await store.appendAudit(
            AuditEntry(
                action: .workspaceCreated, actor: actor, workspaceID: workspace.id, modelID: workspace.id,
                payload: ["name": .string(name), "ownerId": .string(ownerID)]))
        return workspace
    }

    /// The principal's workspaces; a token limited to some bases sees only the workspaces
    /// holding one of them, as it sees nothing else of the others.
    public func workspaces(for principal: Principal) async throws -> [(workspace: Workspace, permissionLevel: PermissionLevel)] {
        let all = try await store.workspaces(userID: principal.userID)
        guard principal.baseIDs != nil else { return all }
        let reachable = Set(
            try await store.accessibleBases(userID: principal.userID)
                .filter { principal.canReach(baseID: $0.base.id) }.map(\.base.workspaceID))
        return all.filter { reachable.contains($0.workspace.id) }
    }

    /// Adds a user to a workspace or changes their level; owners only.
    public func setMember(email: String, level: PermissionLevel, workspaceID: String, by principal: Principal) async throws {
        _ = try await gate.workspace(workspaceID, for: principal, level: .owner)
        try await applyMember(email: email, level: level, workspaceID: workspaceID, actor: AuditActor(principal))
    }

    /// The same, done by the operator (`tessera workspaces add-member`).
    public func setMemberAsOperator(email: String, level: PermissionLevel, workspaceID: String) async throws {
        guard try await store.workspace(id: workspaceID) != nil else { throw TesseraError.notFound("No workspace \(workspaceID)") }
        try await applyMember(email: email, level: level, workspaceID: workspaceID, actor: .operator)
    }

    private func applyMember(email: String, level: PermissionLevel, workspaceID: String, actor: AuditActor) async throws {
        guard let member = try await store.credentials(email: AuthService.normalizedEmail(email))?.user else {
            throw TesseraError.notFound("No user with the email \(email)")
        }
        let previous = try await store.permissionLevel(userID: member.id, workspaceID: workspaceID)
        try await store.upsertMember(WorkspaceMember(workspaceID: workspaceID, userID: member.id, permissionLevel: level))
        var payload: [String: JSONValue] = ["userId": .string(member.id), "email": .string(member.email), "level": .string(level.rawValue)]
        if let previous { payload["previousLevel"] = .string(previous.rawValue) }
        try await store.appendAudit(AuditEntry(action: .memberChanged, actor: actor, workspaceID: workspaceID, modelID: member.id, payload: payload))
    }

    /// Bases the principal can see (its token's base limit applied), oldest first.
    public func bases(for principal: Principal) async throws -> [AccessibleBase] {
        try principal.require(.schemaRead)
        return try await store.accessibleBases(userID: principal.userID).filter { principal.canReach(baseID: $0.base.id) }
    }

    public func base(_ baseID: String, for principal: Principal) async throws -> AccessibleBase {
        try await gate.base(baseID, for: principal, scope: .schemaRead, level: .read)
    }

    /// Creates a base with its first tables; needs `create` on the workspace. A token limited
    /// to some bases cannot create new ones.
    public func createBase(name: String, workspaceID: String, tables: [TableDefinition], by principal: Principal) async throws -> (Base, [Table]) {
        try principal.require(.schemaWrite)
        guard principal.baseIDs == nil else {
            throw TesseraError.forbidden("A token limited to some bases cannot create bases")
        }
        _ = try await gate.workspace(workspaceID, for: principal, level: .create)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw TesseraError.invalidRequest("A base needs a name") }
        guard !tables.isEmpty else { throw TesseraError.invalidRequest("A base needs at least one table") }
        let base = Base(id: TesseraID.make(.base), workspaceID: workspaceID, name: name, createdTime: Date())
        // Tables are made in order, so a link names a table listed before it; its inverse joins that table.
        var made: [Table] = []
        for definition in tables {
            let (table, inverses) = try definition.makeTable(baseID: base.id, schema: BaseSchema(tables: made))
            guard !made.contains(where: { $0.name.lowercased() == table.name.lowercased() }) else {
                throw TesseraError(.duplicateTableName, "Two tables are named \"\(table.name)\"")
            }
            for inverse in inverses {
                if let index = made.firstIndex(where: { $0.id == inverse.tableID }) { made[index].fields.append(inverse.field) }
            }
            made.append(table)
        }
        try await store.insertBase(base, tables: made, actorID: principal.userID)
        try await store.appendAudit(
            AuditEntry(
                action: .baseCreated, actor: AuditActor(principal), workspaceID: workspaceID, baseID: base.id, modelID: base.id,
                payload: ["name": .string(name), "tables": .number(Double(made.count))]))
        return (base, made)
    }
}
