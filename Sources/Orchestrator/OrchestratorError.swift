/// Failures of the orchestrator itself; provider failures stay `LLMError`, access failures
/// `TesseraError`, so each surface can map them to its own envelope.
public enum OrchestratorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server is misconfigured (a missing template, no provider): not the caller's fault.
    case configuration(String)
    /// The request cannot be served as sent.
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .configuration(let message), .invalidRequest(let message): message
        }
    }
}
