/// Whether and which tool the model must call.
public enum ToolChoice: Sendable, Hashable {
    case auto
    case none
    /// The model must call some tool.
    case required
    /// The model must call this tool.
    case tool(String)
}
