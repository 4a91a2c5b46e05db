/// The compact core every surface talks to: HTTP, MCP and the CLI hold one of these.
public struct TesseraServices: Sendable {
    public let auth: AuthService
    public let workspaces: WorkspaceService
    public let tables: TableService
    public let records: RecordService
    public let usage: UsageService
    public let audit: AuditLog
    /// Signs every cursor a surface hands out; the secret is shared by all nodes through the store.
    public let cursors: CursorSeal

    public init(store: any TesseraStore, auth configuration: AuthService.Configuration = AuthService.Configuration()) async throws {
        auth = try await AuthService(store: store, configuration: configuration)
        workspaces = WorkspaceService(store: store)
        tables = TableService(store: store)
        cursors = CursorSeal(secret: try await store.setting("cursor.secret", default: AuthService.randomHex(bytes: 32)))
        records = RecordService(store: store, cursors: cursors)
        usage = UsageService(store: store)
        audit = AuditLog(store: store, cursors: cursors)
    }
}
