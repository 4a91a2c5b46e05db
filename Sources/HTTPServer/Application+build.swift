import Hummingbird
import Logging
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

    public init() {}
}

/// The router with every route of the HTTP surface: `/health`, `/auth`, `/v0`. Without a search
/// service the search routes answer 404 like any unknown route.
public func buildRouter(services: TesseraServices, search: SearchService?, configuration: HTTPServerConfiguration) -> Router<TesseraRequestContext> {
    let router = Router(context: TesseraRequestContext.self)
    router.add(middleware: RequestLoggingMiddleware())
    router.add(middleware: ErrorEnvelopeMiddleware())

    router.get("health") { _, _ -> Response in .json(["status": "ok"]) }
    AuthController(auth: services.auth).addRoutes(to: router.group("auth"))

    let api = router.group("v0")
        .add(middleware: AuthenticationMiddleware(auth: services.auth))
        .add(middleware: RateLimitMiddleware(
            perToken: configuration.tokenRateLimit.map { TokenBucketLimiter(rate: $0) },
            perBase: configuration.baseRateLimit.map { TokenBucketLimiter(rate: $0) }))
    MetaController(services: services).addRoutes(to: api.group("meta"))
    if let search { SearchController(search: search).addRoutes(to: api) }
    RecordsController(records: services.records).addRoutes(to: api)
    CommentsController(records: services.records).addRoutes(to: api)
    return router
}

/// The Hummingbird application serving `buildRouter`'s routes.
public func buildApplication(
    services: TesseraServices, search: SearchService?, configuration: HTTPServerConfiguration,
    backgroundServices: [any Service] = [], logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(services: services, search: search, configuration: configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tessera"),
        services: backgroundServices,
        logger: logger)
}
