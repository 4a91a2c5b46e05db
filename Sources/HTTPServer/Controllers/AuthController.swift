import Hummingbird
import TesseraCore

/// `/auth`: log in with email and password for a short-lived JWT and a rotating refresh token.
struct AuthController {
    let auth: AuthService

    func addRoutes(to group: RouterGroup<TesseraRequestContext>) {
        group.post("login", use: login)
        group.post("refresh", use: refresh)
        group.post("logout", use: logout)
    }

    @Sendable func login(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(context: context)
        guard let email = body["email"]?.stringValue, let password = body["password"]?.stringValue else {
            throw TesseraError.invalidRequest("Send {\"email\": …, \"password\": …}")
        }
        return .json(Self.json(try await auth.login(email: email, password: password)))
    }

    @Sendable func refresh(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let token = try await Self.refreshToken(in: request.jsonObject(context: context))
        return .json(Self.json(try await auth.refresh(refreshToken: token)))
    }

    @Sendable func logout(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        try await auth.logout(refreshToken: Self.refreshToken(in: request.jsonObject(context: context)))
        return Response(status: .noContent)
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
