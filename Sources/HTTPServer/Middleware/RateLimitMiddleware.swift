import Hummingbird
import TesseraCore

/// Airtable's limits: per token (default 50 requests/s) and per base (default 5 requests/s).
/// Over a limit the request is refused with 429 and `Retry-After`.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = TesseraRequestContext
    let perToken: TokenBucketLimiter?
    let perBase: TokenBucketLimiter?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let perToken, let principal = context.principal, let wait = perToken.acquire(principal.tokenID ?? principal.userID) {
            throw Self.limited(wait, "this token", limit: "token")
        }
        if let perBase, let baseID = Self.baseID(in: request.uri.path), let wait = perBase.acquire(baseID) {
            throw Self.limited(wait, "base \(baseID)", limit: "base")
        }
        return try await next(request, context)
    }

    private static func limited(_ seconds: Int, _ what: String, limit: String) -> TesseraError {
        RateLimitMetrics.rejected(limit)
        return TesseraError(
            .rateLimited, "Rate limit exceeded for \(what); retry after \(seconds) second\(seconds == 1 ? "" : "s")",
            retryAfterSeconds: seconds)
    }

    /// The base a `/v0/{base}/…` or `/v0/meta/bases/{base}/…` path addresses.
    static func baseID(in path: String) -> String? {
        path.split(separator: "/").first { $0.hasPrefix(TesseraID.Kind.base.rawValue) && $0.count == 17 }.map(String.init)
    }
}
