import Hummingbird
import Logging
import Orchestrator
import Search
import ServiceLifecycle
import TesseraCore

/// Settings of the HTTP surface.
public struct HTTPServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Requests per second per token; nil turns the limit off.
    public var tokenRateLimit: Double? = 50
    /// Requests per second per base; nil turns the limit off.
    public var baseRateLimit: Double? = 5
    /// Requests per second per client address on `/auth` (login, refresh, logout), with bursts
    /// of ten seconds' worth; nil turns the limit off.
    public var authRateLimit: Double? = 2
    /// Backoff of failing logins, per client address and per account.
    public var loginThrottle = LoginThrottle.Configuration()
    /// Take the client address from `X-Forwarded-For`: only behind a reverse proxy that sets it.
    public var trustForwardedFor = false
    /// Count requests by route for `/metrics` (set when a metrics listener runs).
    public var recordsRequestMetrics = false
    /// A span per request, joining the caller's trace (set when traces are exported).
    public var tracesRequests = false

    public init() {}
}

/// The router with every route of the HTTP surface: `/health`, `/ready`, `/openapi.json`, `/auth`, `/v0`,
/// `/v1`. Without a search service the search routes answer 404 like any unknown route; without
/// an orchestrator so do the `/v1` routes.
public func buildRouter(
    services: TesseraServices, search: SearchService?, orchestrator: Orchestrator? = nil, configuration: HTTPServerConfiguration,
    readiness: ReadinessChecks = ReadinessChecks()
) -> Router<TesseraRequestContext> {
    let router = Router(context: TesseraRequestContext.self)
    if configuration.tracesRequests {
        // Outermost, so the request's span holds all the work and sees the final status.
        router.add(middleware: RequestTracingMiddleware())
    }
    if configuration.recordsRequestMetrics {
        // Outside the rest, so it counts the status each request finally got (by route template).
        router.add(middleware: MetricsMiddleware())
    }
    router.add(middleware: RequestLoggingMiddleware())
    router.add(middleware: ErrorEnvelopeMiddleware())
    // What no route under /v1 answers (404, 405) fails in OpenAI's envelope, as its routes do.
    router.add(middleware: OpenAIErrorMiddleware(pathPrefix: "/v1/"))

    router.get("health") { _, _ -> Response in .json(["status": "ok"]) }
    router.get("ready") { _, _ -> Response in await readiness.response() }
    OpenAPIDocument.addRoute(to: router)
    AuthController(
        auth: services.auth, throttle: LoginThrottle(configuration: configuration.loginThrottle),
        perAddress: configuration.authRateLimit.map { TokenBucketLimiter(rate: $0, burst: 10 * $0) },
        clientAddress: ClientAddressReader(trustForwardedFor: configuration.trustForwardedFor)
    ).addRoutes(to: router.group("auth"))

    let perToken = configuration.tokenRateLimit.map { TokenBucketLimiter(rate: $0) }
    let api = router.group("v0")
        .add(middleware: AuthenticationMiddleware(auth: services.auth))
        .add(
            middleware: RateLimitMiddleware(
                perToken: perToken,
                perBase: configuration.baseRateLimit.map { TokenBucketLimiter(rate: $0) }))
    MetaController(services: services).addRoutes(to: api.group("meta"))
    AuditLogController(audit: services.audit).addRoutes(to: api.group("meta"))
    if let search { SearchController(search: search).addRoutes(to: api) }
    RecordsController(records: services.records).addRoutes(to: api)
    CommentsController(records: services.records).addRoutes(to: api)

    if let orchestrator {
        // The OpenAI error middleware comes first so that auth and rate-limit failures use its envelope too.
        let openAI = router.group("v1")
            .add(middleware: OpenAIErrorMiddleware())
            .add(middleware: AuthenticationMiddleware(auth: services.auth))
            .add(middleware: RateLimitMiddleware(perToken: perToken, perBase: nil))
        OpenAIController(orchestrator: orchestrator).addRoutes(to: openAI)
    }
    // Last, so that it wraps only what no route answered.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// The Hummingbird application serving `buildRouter`'s routes.
public func buildApplication(
    services: TesseraServices, search: SearchService?, orchestrator: Orchestrator? = nil, configuration: HTTPServerConfiguration,
    readiness: ReadinessChecks = ReadinessChecks(), backgroundServices: [any Service] = [], logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(
            services: services, search: search, orchestrator: orchestrator, configuration: configuration, readiness: readiness),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tessera"),
        services: backgroundServices,
        logger: logger)
}
