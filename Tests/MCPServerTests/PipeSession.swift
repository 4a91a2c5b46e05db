import Embeddings
import Foundation
import Logging
import Search
import TesseraCore
import TesseraTesting
import WorkspaceTools

@testable import MCPServer

/// A real MCP server over a pair of pipes, as a client process would see it on stdio.
final class PipeSession: Sendable {
    let world: TestWorld
    let base: Base
    /// The id of the personal access token the server acts with (the owner's, every scope).
    let tokenID: String
    private let input = Pipe()
    private let output = Pipe()
    private let server: Task<Void, any Error>
    private let replies: AsyncStream<LineReader.Chunk>
    private let iterator: ReplyIterator

    /// `clock` is what the server measures its token re-check interval on.
    init(listPageSize: Int = 50, tokenRecheckInterval: Duration = .seconds(3), clock: ManualClock = ManualClock()) async throws {
        world = try await TestWorld.make()
        (base, _) = try await world.makeTasksBase()
        let (token, record) = try await world.services.auth.createAccessToken(
            userID: world.owner.id, name: "mcp", scopes: Set(TokenScope.allCases), baseIDs: nil)
        tokenID = record.id
        let checkedToken = try await RecheckedToken(token: token, auth: world.services.auth, recheckInterval: tokenRecheckInterval, now: clock.now)
        let indexer = SearchIndexer(store: world.store, embedder: HashingEmbedder(), logger: Logger(label: "test"))
        try await indexer.load()
        let tools = WorkspaceTools(services: world.services, search: SearchService(store: world.store, indexer: indexer))
        let prompts = try PromptLibrary.builtIn()
        var configuration = MCPServer.Configuration()
        configuration.listPageSize = listPageSize
        let mcp = MCPServer(
            tools: tools, services: world.services, token: checkedToken, prompts: prompts, configuration: configuration, logger: Logger(label: "test"))
        let transport = StdioLineTransport(
            input: input.fileHandleForReading.fileDescriptor, output: output.fileHandleForWriting.fileDescriptor, logger: Logger(label: "test"))
        server = Task { try await mcp.run(transport: transport) }
        replies = LineReader.lines(from: output.fileHandleForReading.fileDescriptor)
        iterator = ReplyIterator(replies.makeAsyncIterator())
    }

    func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The next line the server wrote, parsed.
    func next() async throws -> JSONValue? {
        guard case .line(let data)? = await iterator.next() else { return nil }
        return try JSONValue.parse(data)
    }

    /// Sends a request and returns the server's answer to it.
    func request(_ id: Int, _ method: String, _ params: JSONValue = [:]) async throws -> JSONValue {
        try send(JSONValue.object(["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": params]).jsonString())
        while let message = try await next() {
            if message["id"] == .number(Double(id)) { return message }
        }
        return .null
    }

    func initialize(version: String = "2025-11-25") async throws -> JSONValue {
        let answer = try await request(
            0, "initialize",
            [
                "protocolVersion": .string(version), "capabilities": ["experimental": ["x": ["on": true]]],
                "clientInfo": ["name": "tests", "version": "1"],
            ])
        try send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        return answer
    }

    /// Closes the server's input and waits for it to stop; returns what it wrote after that.
    func finish() async throws -> [JSONValue] {
        try input.fileHandleForWriting.close()
        try await server.value
        try output.fileHandleForWriting.close()
        var rest: [JSONValue] = []
        while let message = try await next() { rest.append(message) }
        world.remove()
        return rest
    }
}

/// Lets a non-isolated test read the reply stream in order.
private actor ReplyIterator {
    private var iterator: AsyncStream<LineReader.Chunk>.AsyncIterator

    init(_ iterator: AsyncStream<LineReader.Chunk>.AsyncIterator) {
        self.iterator = iterator
    }

    func next() async -> LineReader.Chunk? {
        var current = iterator
        defer { iterator = current }
        return await current.next(isolation: self)
    }
}
