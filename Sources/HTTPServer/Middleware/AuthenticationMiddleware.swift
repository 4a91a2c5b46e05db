import Foundation
import Hummingbird
import TesseraCore

/// Requires `Authorization: Bearer <token>` (a personal access token or a login JWT) and puts
/// the principal it stands for into the context.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = TesseraRequestContext
    let auth: AuthService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw TesseraError.unauthenticated("Authentication required: send Authorization: Bearer <token>")
        }
        var context = context
        context.principal = try await auth.authenticate(bearer: String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces))
        return try await next(request, context)
    }
}
