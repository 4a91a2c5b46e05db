/// Every failure of the LLM layer, as one type with a code.
///
/// Messages never contain API keys: text that came from a provider is redacted before it is
/// stored here (see `SecretRedactor`).
public struct LLMError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case authentication
        case permissionDenied
        case invalidRequest
        case notFound
        case conflict
        case rateLimited
        /// A spend limit or exhausted quota: retrying cannot help until someone acts.
        case spendLimitReached
        case overloaded
        case serverError
        case http
        case timeout
        case connection
        case malformedResponse
        /// An error the provider reported inside a stream that had already started.
        case streamError
        case unknownModel
        case configuration
        case cancelled
    }

    public var code: Code
    public var message: String
    /// The HTTP status, when the error came from a response.
    public var status: Int?
    /// The provider's own error type or code (`rate_limit_error`, `insufficient_quota`, …).
    public var providerCode: String?
    /// How long the provider asked us to wait (`retry-after-ms`, `Retry-After`).
    public var retryAfter: Duration?
    /// The provider's explicit retry verdict (`x-should-retry`), when it gave one.
    public var shouldRetry: Bool?

    public init(
        _ code: Code,
        _ message: String,
        status: Int? = nil,
        providerCode: String? = nil,
        retryAfter: Duration? = nil,
        shouldRetry: Bool? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.providerCode = providerCode
        self.retryAfter = retryAfter
        self.shouldRetry = shouldRetry
    }

    public var description: String {
        var text = "\(code.rawValue)"
        if let status { text += " (HTTP \(status))" }
        if let providerCode { text += " [\(providerCode)]" }
        return text + ": " + message
    }

    /// The code a non-success HTTP status stands for.
    static func code(forStatus status: Int) -> Code {
        switch status {
        case 400, 413, 422: .invalidRequest
        case 401: .authentication
        case 403: .permissionDenied
        case 404: .notFound
        case 408: .timeout
        case 409: .conflict
        case 429: .rateLimited
        case 529: .overloaded
        case 500..<600: .serverError
        default: .http
        }
    }
}
