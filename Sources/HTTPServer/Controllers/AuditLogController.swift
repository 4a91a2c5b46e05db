import Hummingbird
import TesseraCore

/// `GET /v0/meta/workspaces/{workspaceId}/auditLog`: the workspace's audit log, for its owners.
struct AuditLogController {
    let audit: AuditLog

    func addRoutes(to group: RouterGroup<TesseraRequestContext>) {
        group.get("workspaces/{workspaceId}/auditLog", use: list)
    }

    @Sendable func list(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let parameters = QueryString.pairs(request.uri.query)
        let query = try AuditQuery(workspaceID: context.parameters.decoded("workspaceId"), parameters: parameters)
        let cursor = parameters.last { $0.0 == "next" }?.1
        return .json(AuditPresenter.page(try await audit.page(query, cursor: cursor, for: principal)))
    }
}
