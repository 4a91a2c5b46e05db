/// A prompt file that cannot be used; the server refuses to start rather than serve half a library.
public enum PromptLibraryError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path): "Cannot read the prompt directory \(path)"
        case .invalid(let name, let reason): "Prompt \(name): \(reason)"
        }
    }
}
