import ArgumentParser
import Foundation
import HTTPServer
import Hummingbird
import LLM
import Logging
import TesseraCore
import TesseraStorage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server: the Airtable-compatible /v0 API with search, and the OpenAI-compatible /v1 API.")

    @OptionGroup var store: StoreOptions

    @OptionGroup var ai: OrchestratorOptions

    @OptionGroup var metrics: MetricsOptions

    @OptionGroup var tracing: TracingOptions

    @Option(help: "Address to listen on (env TESSERA_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env TESSERA_PORT, default 8080).")
    var port: Int?

    @Option(help: "Requests per second allowed per token; 0 turns the limit off (env TESSERA_RATE_LIMIT_TOKEN, default 50).")
    var rateLimitToken: Double?

    @Option(help: "Requests per second allowed per base; 0 turns the limit off (env TESSERA_RATE_LIMIT_BASE, default 5).")
    var rateLimitBase: Double?

    @Option(help: "Requests per second allowed per client address on /auth; 0 turns the limit off (env TESSERA_RATE_LIMIT_AUTH, default 2).")
    var rateLimitAuth: Double?

    @Flag(help: "Take client addresses from X-Forwarded-For, for a server behind a reverse proxy that sets it (env TESSERA_TRUST_FORWARDED_FOR=1).")
    var trustForwardedFor = false

    @Option(
        help:
            "Embedding model directory (env TESSERA_EMBEDDING_MODEL; default: all-MiniLM-L6-v2 under the data directory's models/, ~/.local/share/tessera/models/ or ./models/)."
    )
    var model: String?

    @Option(help: "Days the audit log keeps its entries; 0 keeps them forever (env TESSERA_AUDIT_RETENTION_DAYS, default 365).")
    var auditRetentionDays: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        let logger = CLILogging.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
        var configuration = try serverConfiguration(Settings.process)
        // On the API's address: the operator decides who reaches the port.
        let metricsService = try metrics.service(Settings.process, host: configuration.host, logger: logger)
        configuration.recordsRequestMetrics = metricsService != nil
        let retentionDays = try Settings.process.value(auditRetentionDays, .auditRetentionDays, default: 365)
        guard retentionDays >= 0 else { throw CLIError("The audit retention must be 0 (forever) or a number of days, not \(retentionDays)") }
        let tracingService = try tracing.service(Settings.process, logger: logger)
        configuration.tracesRequests = tracingService != nil
        let (database, services) = try await reportingErrors { try await store.openServices(logger: logger) }

        if try await database.userCount() == 0 {
            FileHandle.standardError.write(
                Data(
                    """
                    This Tessera database has no users yet. Create the first one, a workspace and a token:
                      tessera users create --email you@example.com --password-stdin
                      tessera workspaces create --name "My workspace" --owner you@example.com
                      tessera tokens create --email you@example.com --name cli
                    (pass the same --data-dir or --database-url as this server)

                    """.utf8))
        }
        let search = try await SearchRuntime.open(store: database, modelDirectory: model, dataDirectory: store.dataDirectory, logger: logger)
        let ai = try OrchestratorRuntime.open(self.ai, services: services, search: search, logger: logger)
        let app = buildApplication(
            services: services, search: search.service, orchestrator: ai.orchestrator, configuration: configuration,
            readiness: .serving(database: database, indexer: search.indexer, logger: logger),
            // The span exporter first: the group stops services in reverse, so it flushes last.
            backgroundServices: (tracingService.map { [$0] } ?? []) + [SearchIndexerService(indexer: search.indexer)] + (metricsService.map { [$0] } ?? [])
                + (retentionDays > 0 ? [AuditRetentionService(audit: services.audit, retentionDays: retentionDays, logger: logger)] : []),
            logger: logger)
        do {
            try await app.runService()
        } catch {
            try? await ai.transport.shutdown()
            throw error
        }
        try await ai.transport.shutdown()
    }

    /// Checked before anything opens, so a bad setting fails fast with its name.
    private func serverConfiguration(_ settings: Settings) throws -> HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration()
        configuration.host = settings.text(host, .host, default: configuration.host)
        configuration.port = try settings.value(port, .port, default: configuration.port)
        guard (0...65535).contains(configuration.port) else { throw CLIError("The port must be between 0 and 65535, not \(configuration.port)") }
        configuration.tokenRateLimit = try Self.limit(settings.value(rateLimitToken, .tokenRateLimit, default: 50))
        configuration.baseRateLimit = try Self.limit(settings.value(rateLimitBase, .baseRateLimit, default: 5))
        configuration.authRateLimit = try Self.limit(settings.value(rateLimitAuth, .authRateLimit, default: 2))
        configuration.trustForwardedFor = try settings.isOn(trustForwardedFor, .trustForwardedFor)
        return configuration
    }

    /// Requests per second, or none: 0 (or less) turns a limit off.
    private static func limit(_ rate: Double) throws -> Double? {
        guard rate.isFinite else { throw CLIError("A rate limit must be a finite number of requests per second") }
        return rate > 0 ? rate : nil
    }
}
