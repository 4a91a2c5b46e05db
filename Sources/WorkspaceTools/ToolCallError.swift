/// Why a tool call did not produce a result. `unknownTool` and `invalidArguments` are protocol
/// errors (the call itself is malformed); `failed` is a business failure the model can fix by
/// changing the call, and its message says how.
public enum ToolCallError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTool(String)
    case invalidArguments(String)
    case failed(String)

    public var description: String {
        switch self {
        case .unknownTool(let name): "Unknown tool \"\(name)\""
        case .invalidArguments(let message): message
        case .failed(let message): message
        }
    }
}
