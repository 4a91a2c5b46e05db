/// The outcome of running a tool, sent back to the model.
public struct ToolResult: Sendable, Hashable {
    public var callID: String
    public var content: String
    public var isError: Bool

    public init(callID: String, content: String, isError: Bool = false) {
        self.callID = callID
        self.content = content
        self.isError = isError
    }
}
