/// What calling a tool does to the world, as MCP's tool annotations describe it.
public struct ToolAnnotations: Sendable, Equatable {
    /// Changes nothing.
    public let readOnly: Bool
    /// May remove or overwrite data (only meaningful when not read-only).
    public let destructive: Bool
    /// Calling again with the same arguments changes nothing more.
    public let idempotent: Bool
    /// Reaches beyond Tessera's own database.
    public let openWorld: Bool

    public static let reading = ToolAnnotations(readOnly: true, destructive: false, idempotent: true, openWorld: false)
    public static let adding = ToolAnnotations(readOnly: false, destructive: false, idempotent: false, openWorld: false)
    public static let overwriting = ToolAnnotations(readOnly: false, destructive: true, idempotent: true, openWorld: false)
}
