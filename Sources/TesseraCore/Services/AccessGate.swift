import Foundation

/// The one place that decides whether a principal may act on a base. Something the principal
/// may not see answers 404 (as if it did not exist); something it sees but may not do answers 403.
struct AccessGate: Sendable {
    let store: any WorkspaceStore

    func base(_ baseID: String, for principal: Principal, scope: TokenScope, level: PermissionLevel) async throws -> AccessibleBase {
        guard TesseraID.isValid(baseID, .base), principal.canReach(baseID: baseID),
            let base = try await store.accessibleBase(userID: principal.userID, baseID: baseID)
        else { throw TesseraError.inaccessible() }
        try principal.require(scope)
        guard base.permissionLevel >= level else {
            throw TesseraError.forbidden("This action needs \(level.rawValue) permission on the base; you have \(base.permissionLevel.rawValue)")
        }
        return base
    }

    func workspace(_ workspaceID: String, for principal: Principal, level: PermissionLevel) async throws -> PermissionLevel {
        guard TesseraID.isValid(workspaceID, .workspace),
            let permission = try await store.permissionLevel(userID: principal.userID, workspaceID: workspaceID)
        else { throw TesseraError.inaccessible() }
        guard permission >= level else {
            throw TesseraError.forbidden("This action needs \(level.rawValue) permission on the workspace; you have \(permission.rawValue)")
        }
        return permission
    }
}
