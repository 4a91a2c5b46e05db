/// Why the model stopped generating.
public enum FinishReason: Sendable, Hashable {
    case stop
    case length
    case toolCalls
    case contentFilter
    /// A provider reason with no neutral equivalent, kept verbatim.
    case other(String)
}
