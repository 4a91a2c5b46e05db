import Embeddings
import Foundation
import Logging
import MCP
import Search
import TesseraCore
import TesseraTesting
import Testing
import WorkspaceTools

@testable import MCPServer

/// MCP clients get errors meant for them: service errors by their message, anything unexpected
/// as an internal error naming an incident, never the internal error's own text.
@Suite struct ShieldedErrorTests {
    private struct StorageFailure: Error, CustomStringConvertible {
        var description: String { "SQLITE_CORRUPT at /var/lib/tessera/secret-path.sqlite" }
    }

    @Test func unexpectedErrorsAreShielded() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let indexer = SearchIndexer(store: world.store, embedder: HashingEmbedder(), logger: Logger(label: "test"))
        let tools = WorkspaceTools(services: world.services, search: SearchService(store: world.store, indexer: indexer))
        let (token, _) = try await world.services.auth.createAccessToken(userID: world.owner.id, name: "mcp", scopes: Set(TokenScope.allCases), baseIDs: nil)
        let server = MCPServer(
            tools: tools, services: world.services, token: try await RecheckedToken(token: token, auth: world.services.auth),
            prompts: try PromptLibrary(directory: FileManager.default.temporaryDirectory), logger: Logger(label: "test"))
        let unexpected = await #expect(throws: MCPError.self) {
            _ = try await server.shielded("tools/call") { () async throws -> Int in throw StorageFailure() }
        }
        let message = unexpected.map { "\($0)" } ?? ""
        #expect(!message.contains("secret-path") && !message.contains("SQLITE"))
        #expect(message.contains("inc"))

        let service = await #expect(throws: MCPError.self) {
            _ = try await server.shielded("resources/read") { () async throws -> Int in throw TesseraError.invalidRequest("Bad formula") }
        }
        #expect(service.map { "\($0)" }?.contains("Bad formula") == true)
    }
}
