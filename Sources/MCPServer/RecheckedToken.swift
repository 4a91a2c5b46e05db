import MCP
import TesseraCore

/// The bearer token `tessera mcp` acts with, and the principal it stands for. The server runs for
/// hours, so a request that comes `recheckInterval` or more after the last check authenticates
/// the token again: a revoked token (or an expired JWT) stops working within that interval, not
/// when the process ends. From then on every request that acts as the principal answers an error
/// that tells the client why.
public actor RecheckedToken {
    /// JSON-RPC error code of requests made with a token that no longer authenticates.
    static let refusedCode = -32001

    private let token: String
    private let auth: AuthService
    private let recheckInterval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private var principal: Principal
    private var checkedAt: ContinuousClock.Instant
    /// Why the token stopped working; a revocation is for good.
    private var refusal: String?

    /// Authenticates `token`, throwing the `TesseraError` that refuses it. `now` is the clock
    /// the interval is measured on.
    public init(
        token: String, auth: AuthService, recheckInterval: Duration = .seconds(3),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) async throws {
        self.token = token
        self.auth = auth
        self.recheckInterval = recheckInterval
        self.now = now
        principal = try await auth.authenticate(bearer: token)
        checkedAt = now()
    }

    /// The principal to act as, checked again when the last check is `recheckInterval` old.
    /// Throws an `MCPError` for the client once the token is refused; other failures of the
    /// check (the database is down) fail this request only.
    public func current() async throws -> Principal {
        if let refusal { throw Self.refused(refusal) }
        let started = now()
        guard started - checkedAt >= recheckInterval else { return principal }
        do {
            principal = try await auth.authenticate(bearer: token)
            checkedAt = started
            return principal
        } catch let error as TesseraError where error.kind == .unauthenticated {
            refusal = error.message
            throw Self.refused(error.message)
        }
    }

    private static func refused(_ reason: String) -> MCPError {
        .serverError(code: refusedCode, message: "The token was revoked or has expired (\(reason)); start tessera mcp again with a valid token")
    }
}
