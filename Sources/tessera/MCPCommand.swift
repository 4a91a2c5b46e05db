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

    @Option(help: "Embedding model directory (env TESSERA_EMBEDDING_MODEL, default models/all-MiniLM-L6-v2).")
    var model: String?

    @Option(help: "Directory of the prompt templates (env TESSERA_PROMPTS_DIR, default prompts/mcp here or beside the binary's checkout).")
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
        let token = try token.resolve(for: "mcp")
        let (database, services) = try await reportingErrors { try await store.openServices(logger: logger) }
        // The same authentication as the HTTP API's bearer tokens, repeated while the server runs.
        let checkedToken = try await reportingErrors {
            try await RecheckedToken(token: token, auth: services.auth, recheckInterval: .milliseconds(Int(tokenRecheckSeconds * 1000)))
        }
        let principal = try await checkedToken.current()
        let prompts: PromptLibrary
        do {
            prompts = try PromptLibrary(directory: try promptsDirectory(Settings.process))
        } catch let error as PromptLibraryError {
            throw CLIError(error.description)
        }
        let search = try await SearchRuntime.open(store: database, modelDirectory: model, logger: logger)

        var configuration = MCPServer.Configuration()
        configuration.listPageSize = listPageSize
        let server = MCPServer(
            tools: WorkspaceTools(services: services, search: search.service), services: services, token: checkedToken,
            prompts: prompts, configuration: configuration, logger: logger)
        logger.info("MCP server ready", metadata: ["user": "\(principal.email)", "prompts": "\(prompts.prompts.count)"])
        // The end of input ends the server and then the group; SIGTERM or SIGINT end both gracefully.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: SearchIndexerService(indexer: search.indexer)),
                    .init(service: MCPStdioService(server: server, logger: logger), successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Claude Desktop and other clients start the server from a directory of their choosing, so
    /// without a flag the prompts are looked for here first, then above the binary (a checkout's
    /// `.build/…/tessera`).
    private func promptsDirectory(_ settings: Settings) throws -> URL {
        if let path = settings.text(promptsDir, .promptsDirectory) {
            return URL(fileURLWithPath: path)
        }
        let relative = "prompts/mcp"
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(relative)]
        var directory = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.pathComponents.count > 1 {
            candidates.append(directory.appendingPathComponent(relative))
            directory = directory.deletingLastPathComponent()
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw CLIError("Cannot find the prompt templates (\(relative)); pass --prompts-dir or set TESSERA_PROMPTS_DIR")
        }
        return found
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
