import Hummingbird
import TesseraCore

/// `/auth`: log in with email and password for a short-lived JWT and a rotating refresh token.
/// Every route is limited per client address; logins also back off per address and per account
/// as they keep failing.
struct AuthController {
    let auth: AuthService
    let throttle: LoginThrottle
    let perAddress: TokenBucketLimiter?
    let clientAddress: ClientAddressReader

    func addRoutes(to group: RouterGroup<TesseraRequestContext>) {
        group.post("login", use: login)
        group.post("refresh", use: refresh)
        group.post("logout", use: logout)
    }

    @Sendable func login(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let address = try admit(request, context)
        var request = request
        let body = try await request.jsonObject(context: context)
        guard let email = body["email"]?.stringValue, let password = body["password"]?.stringValue else {
            throw TesseraError.invalidRequest("Send {\"email\": …, \"password\": …}")
        }
        let account = AuthService.normalizedEmail(email)
        if let seconds = throttle.admit(address: address, account: account) {
            RateLimitMetrics.rejected("login")
            throw Self.tooManyRequests(seconds, "Too many failed logins")
        }
        let session = try await auth.login(email: email, password: password, ipAddress: address)
        throttle.succeeded(address: address, account: account)
        return .json(Self.json(session))
    }

    @Sendable func refresh(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let address = try admit(request, context)
        var request = request
        let token = try await Self.refreshToken(in: request.jsonObject(context: context))
        return .json(Self.json(try await auth.refresh(refreshToken: token, ipAddress: address)))
    }

    @Sendable func logout(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        _ = try admit(request, context)
        var request = request
        try await auth.logout(refreshToken: Self.refreshToken(in: request.jsonObject(context: context)))
        return Response(status: .noContent)
    }

    /// Spends the client address's allowance for `/auth`; returns the address.
    private func admit(_ request: Request, _ context: TesseraRequestContext) throws -> String {
        let address = clientAddress.address(of: request, context: context)
        if let perAddress, let seconds = perAddress.acquire(address) {
            RateLimitMetrics.rejected("auth_address")
            throw Self.tooManyRequests(seconds, "Too many requests from this address")
        }
        return address
    }

    private static func tooManyRequests(_ seconds: Int, _ reason: String) -> TesseraError {
        TesseraError(.rateLimited, "\(reason); retry after \(seconds) second\(seconds == 1 ? "" : "s")", retryAfterSeconds: seconds)
    }

    private static func refreshToken(in body: JSONValue) throws -> String {
        guard let token = body["refresh_token"]?.stringValue else { throw TesseraError.invalidRequest("Send {\"refresh_token\": …}") }
        return token
    }

    private static func json(_ session: AuthService.Session) -> JSONValue {
        [
            "access_token": .string(session.accessToken),
            "token_type": "Bearer",
            "expires_in": .number(Double(session.expiresIn)),
            "refresh_token": .string(session.refreshToken),
            "user_id": .string(session.userID),
        ]
    }
}
