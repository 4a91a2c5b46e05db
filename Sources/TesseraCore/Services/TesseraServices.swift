/// The compact core every surface talks to: HTTP, MCP and the CLI hold one of these.
public struct TesseraServices: Sendable {
    public let auth: AuthService
    public let workspaces: WorkspaceService
    public let tables: TableService
    public let records: RecordService
    public let usage: UsageService

    public init(store: any TesseraStore, auth configuration: AuthService.Configuration = AuthService.Configuration()) async throws {
        auth = try await AuthService(store: store, configuration: configuration)
        workspaces = WorkspaceService(store: store)
        tables = TableService(store: store)
        records = RecordService(store: store)
        usage = UsageService(store: store)
    }
}
