import Embeddings
import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LLM
import Logging
import NIOCore
import Orchestrator
import Search
import TesseraCore
import TesseraTesting
import Testing
import WorkspaceTools

/// `/v1` through the router, with a scripted model behind the orchestrator: the OpenAI shapes,
/// streaming, the workspace tools, and errors in OpenAI's envelope. The pytest suites drive the
/// same routes with the official SDK and fake providers speaking the real wire formats.
@Suite struct OpenAIAPITests {
    struct Harness {
        let api: APITestHarness
        let model: ScriptedModel
        let baseID: String
        let transport: LLMTransport

        func remove() async throws {
            api.world.remove()
            try await transport.shutdown()
        }
    }

    /// A local model for `/v1/embeddings` (the hashing fallback itself is never served as one).
    struct LocalModel: Embedder {
        let inner = HashingEmbedder()
        var name: String { "test-model" }
        var dimension: Int { inner.dimension }
        var isStandIn: Bool { false }
        func embedBatch(_ texts: [String]) -> EmbeddingBatch { inner.embedBatch(texts) }
        func tokenCount(_ texts: [String]) -> Int { inner.tokenCount(texts) }
    }

    /// Scripts: `call NAME {json}` in the last user message makes the model call that tool; after
    /// tool results it answers with them; otherwise it echoes.
    static func script(_ request: ChatRequest) -> ChatMessage {
        if let result = request.latestToolResults.first { return .assistant("tool said: \(result.content)") }
        let text = request.lastUserText
        if let match = text.firstMatch(of: /call (\w+) (\{.*\})/) {
            return .assistant(nil, toolCalls: [ToolCall(id: "call_1", name: String(match.1), arguments: String(match.2))])
        }
        return .assistant("echo: \(text)")
    }

    func make() async throws -> (Harness, some ApplicationProtocol) {
        let world = try await TestWorld.make()
        let (token, _) = try await world.services.auth.createAccessToken(
            userID: world.owner.id, name: "tests", scopes: Set(TokenScope.allCases), baseIDs: nil)
        let (base, _) = try await world.makeTasksBase()
        let indexer = SearchIndexer(store: world.store, embedder: HashingEmbedder(), logger: Logger(label: "test"))
        let search = SearchService(store: world.store, indexer: indexer)
        let catalog = try ModelCatalog.scripted()
        let model = ScriptedModel(Self.script)
        let transport = LLMTransport()
        let dependencies = OrchestratorDependencies(
            router: ModelRouter(catalog: catalog, providers: ["scripted": model]), services: world.services, search: search,
            registry: WorkspaceTools(services: world.services, search: search), embedder: HashingEmbedder(),
            embeddings: EmbeddingRouter(local: LocalModel(), catalog: catalog, configurations: [], transport: transport))
        let orchestrator = Orchestrator(dependencies, configuration: OrchestratorConfiguration())
        let app = buildApplication(
            services: world.services, search: search, orchestrator: orchestrator, configuration: .unlimited,
            logger: Logger(label: "test"))
        return (Harness(api: APITestHarness(world: world, token: token, search: search), model: model, baseID: base.id, transport: transport), app)
    }

    private func chat(_ content: String, stream: Bool = false, extra: [String: JSONValue] = [:]) -> ByteBuffer {
        var body: [String: JSONValue] = ["model": "tessera/test", "messages": [["role": "user", "content": .string(content)]], "stream": .bool(stream)]
        body.merge(extra) { $1 }
        return .json(.object(body))
    }

    @Test func aCompletionHasOpenAIsShapeAndTesserasHeaders() async throws {
        let (harness, app) = try await make()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: harness.api.headers(), body: chat("hello"))
            #expect(response.status == .ok)
            let body = response.json
            #expect(body["object"] == "chat.completion")
            #expect(body["id"]?.stringValue?.hasPrefix("chatcmpl-") == true)
            let choice = try #require(body["choices"]?.arrayValue?.first)
            #expect(choice["message"]?["role"] == "assistant")
            #expect(choice["message"]?["content"] == "echo: hello")
            #expect(choice["finish_reason"] == "stop")
            #expect(body["usage"]?["prompt_tokens"] == 100 && body["usage"]?["completion_tokens"] == 10 && body["usage"]?["total_tokens"] == 110)
            #expect(response.headers[HTTPField.Name("X-Tessera-Model")!] == "scripted/model")
            #expect(response.headers[HTTPField.Name("X-Tessera-Cost-USD")!] == "0.00020000")
        }
        try await harness.remove()
    }

    @Test func aStreamIsServerSentEventsEndingInDone() async throws {
        let (harness, app) = try await make()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: harness.api.headers(),
                body: chat("streamed words", stream: true, extra: ["stream_options": ["include_usage": true]]))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let text = String(buffer: response.body)
            let events = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.allSatisfy { $0.hasPrefix("data: ") })
            #expect(events.last == "data: [DONE]")
            let chunks = try events.dropLast().map { try JSONValue.parse(Data($0.dropFirst("data: ".count).utf8)) }
            #expect(chunks.allSatisfy { $0["object"] == "chat.completion.chunk" })
            let content = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }.joined()
            #expect(content == "echo: streamed words")
            #expect(chunks.contains { $0["choices"]?.arrayValue?.first?["finish_reason"] == "stop" })
            #expect(chunks.last?["usage"]?["total_tokens"] == 110)
        }
        try await harness.remove()
    }

    @Test func workspaceToolsRunForTheCallerAndClientToolsPassThrough() async throws {
        let (harness, app) = try await make()
        _ = try await harness.api.world.services.records.create(
            [["Name": "Write the report"]], typecast: false, in: TableRef(baseID: harness.baseID, table: "Tasks", by: harness.api.world.ownerPrincipal))
        try await app.test(.router) { client in
            let question = #"call list_records {"baseId":"\#(harness.baseID)","table":"Tasks"}"#
            let answered = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: harness.api.headers(),
                body: chat(question, extra: ["tessera": ["base": .string(harness.baseID), "cache": false]]))
            let content = answered.json["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue
            #expect(content?.contains("Write the report") == true)

            // A tool the client declares is handed back to the client, not run.
            let tool: JSONValue = ["type": "function", "function": ["name": "lookup_weather", "parameters": ["type": "object", "properties": [:]]]]
            let passed = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: harness.api.headers(),
                body: chat("call lookup_weather {}", extra: ["tools": [tool]]))
            let choice = passed.json["choices"]?.arrayValue?.first
            #expect(choice?["finish_reason"] == "tool_calls")
            #expect(choice?["message"]?["tool_calls"]?.arrayValue?.first?["function"]?["name"] == "lookup_weather")
        }
        try await harness.remove()
    }

    @Test func errorsUseOpenAIsEnvelope() async throws {
        let (harness, app) = try await make()
        let (stranger, _) = try await harness.api.world.makeStranger()
        let (strangerToken, _) = try await harness.api.world.services.auth.createAccessToken(
            userID: stranger.userID, name: "stranger", scopes: Set(TokenScope.allCases), baseIDs: nil)
        try await app.test(.router) { client in
            func error(_ body: ByteBuffer, token: String? = nil) async throws -> (HTTPResponse.Status, JSONValue) {
                let response = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: harness.api.headers(token), body: body)
                let error = response.json["error"] ?? .null
                #expect(Set(error.objectValue?.keys.map { $0 } ?? []) == ["message", "type", "param", "code"])
                return (response.status, error)
            }
            var (status, body) = try await error(.json(["messages": []]))
            #expect(status == .badRequest && body["param"] == "model")
            (status, body) = try await error(chat("x", extra: ["model": "nobody/nothing"]))
            #expect(status == .notFound && body["code"] == "model_not_found")
            (status, body) = try await error(chat("x", extra: ["tessera": ["confirm_destructive": true]]))
            #expect(status == .badRequest && body["param"] == "tessera.confirm_destructive")
            (status, body) = try await error(chat("x", extra: ["tessera": ["base": .string(harness.baseID)]]), token: strangerToken)
            #expect(status == .notFound && body["type"] == "invalid_request_error")
            (status, body) = try await error(ByteBuffer(string: "{not json"))
            #expect(status == .badRequest && body["type"] == "invalid_request_error")
            (status, body) = try await error(chat("x"), token: "patAAAAAAAAAAAAAA.wrong")
            #expect(status == .unauthorized && body["code"] == "invalid_api_key")
        }
        try await harness.remove()
    }

    @Test func embeddingsAndModels() async throws {
        let (harness, app) = try await make()
        try await app.test(.router) { client in
            let models = try await client.execute(uri: "/v1/models", method: .get, headers: harness.api.headers())
            let ids = models.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.contains("tessera/test") && ids.contains("scripted/model"))
            let one = try await client.execute(uri: "/v1/models/tessera%2Ftest", method: .get, headers: harness.api.headers())
            #expect(one.status == .ok)
            let missing = try await client.execute(uri: "/v1/models/nope", method: .get, headers: harness.api.headers())
            #expect(missing.status == .notFound && missing.json["error"]?["code"] == "not_found")

            let local = try #require(ids.first { !$0.contains("/") })
            for format in ["float", "base64"] {
                let response = try await client.execute(
                    uri: "/v1/embeddings", method: .post, headers: harness.api.headers(),
                    body: .json(["model": .string(local), "input": ["one", "two"], "encoding_format": .string(format)]))
                #expect(response.status == .ok)
                let data = response.json["data"]?.arrayValue ?? []
                #expect(data.count == 2 && data[1]["index"] == 1)
                if format == "base64" {
                    #expect(Data(base64Encoded: data[0]["embedding"]?.stringValue ?? "")?.count == 4 * HashingEmbedder().dimension)
                } else {
                    #expect(data[0]["embedding"]?.arrayValue?.count == HashingEmbedder().dimension)
                }
            }
            let bad = try await client.execute(
                uri: "/v1/embeddings", method: .post, headers: harness.api.headers(),
                body: .json(["model": .string(local), "input": "x", "dimensions": -1]))
            #expect(bad.status == .badRequest && bad.json["error"]?["param"] == "dimensions")
        }
        try await harness.remove()
    }
}
