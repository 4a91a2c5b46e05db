import ArgumentParser
import Foundation
import Logging
import MCPServer
import Search
import ServiceLifecycle
import TesseraCore
import UnixSignals
import WorkspaceTools

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Run the MCP server on stdin/stdout, acting as the user of a personal access token.")

    @OptionGroup var store: StoreOptions

    @OptionGroup var token: TokenOptions

    @OptionGroup var metrics: MetricsOptions

    @OptionGroup var tracing: TracingOptions

    @Option(
        help:
            "Embedding model directory (env TESSERA_EMBEDDING_MODEL; default: all-MiniLM-L6-v2 under the data directory's models/, ~/.local/share/tessera/models/ or ./models/)."
    )
    var model: String?

    @Option(
        help: "A directory of prompt templates (NAME.mustache) instead of the built-in ones (env TESSERA_PROMPTS_DIR; tessera prompts export writes them out).")
    var promptsDir: String?

    @Option(help: "Items per page of the tools, resources and prompts lists.")
    var listPageSize: Int = MCPServer.Configuration().listPageSize

    @Option(help: "Seconds after which a request checks again that the token works, so a revoked token stops working within them.")
    var tokenRecheckSeconds: Double = 3

    @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "notice"

    func validate() throws {
        guard listPageSize >= 1 else { throw ValidationError("--list-page-size must be at least 1") }
        guard tokenRecheckSeconds >= 0, tokenRecheckSeconds <= 3600 else { throw ValidationError("--token-recheck-seconds must be between 0 and 3600") }
    }

    func run() async throws {
        // A client that goes away must end the server through a write error, not SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let logger = CLILogging.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .notice)
        let metricsService = try metrics.service(Settings.process, host: "127.0.0.1", logger: logger)
        let tracingService = try tracing.service(Settings.process, logger: logger)
        let token = try token.resolve(for: "mcp")
        let (database, services) = try await reportingErrors { try await store.openServices(logger: logger) }
        // The same authentication as the HTTP API's bearer tokens, repeated while the server runs.
        let checkedToken = try await reportingErrors {
            try await RecheckedToken(token: token, auth: services.auth, recheckInterval: .milliseconds(Int(tokenRecheckSeconds * 1000)))
        }
        let principal = try await checkedToken.current()
        let prompts: PromptLibrary
        do {
            prompts = try Settings.process.text(promptsDir, .promptsDirectory).map { try PromptLibrary(directory: URL(fileURLWithPath: $0)) } ?? .builtIn()
        } catch let error as PromptLibraryError {
            throw CLIError(error.description)
        }
        let search = try await SearchRuntime.open(store: database, modelDirectory: model, dataDirectory: store.dataDirectory, logger: logger)

        var configuration = MCPServer.Configuration()
        configuration.listPageSize = listPageSize
        let server = MCPServer(
            tools: WorkspaceTools(services: services, search: search.service), services: services, token: checkedToken,
            prompts: prompts, configuration: configuration, logger: logger)
        logger.info("MCP server ready", metadata: ["user": "\(principal.email)", "prompts": "\(prompts.prompts.count)"])
        // The end of input ends the server and then the group; SIGTERM or SIGINT end both gracefully.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // The span exporter first: the group stops services in reverse, so it flushes last.
                services: (tracingService.map { [.init(service: $0)] } ?? []) + [
                    .init(service: SearchIndexerService(indexer: search.indexer)),
                    .init(service: MCPStdioService(server: server, logger: logger), successTerminationBehavior: .gracefullyShutdownGroup),
                ] + (metricsService.map { [.init(service: $0)] } ?? []),
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// The MCP server on stdin/stdout as a service of the command's group.
struct MCPStdioService: Service {
    let server: MCPServer
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await server.run(transport: StdioLineTransport(logger: logger))
        }
    }
}
