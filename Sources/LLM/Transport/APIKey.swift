/// An API key that never prints itself, so it cannot leak through interpolation or logging.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key itself; read it only to build a request header.
    public let secret: String

    public init(_ secret: String) {
        self.secret = secret
    }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "APIKey([redacted])" }
}
