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
import WorkspaceTools

/// A router-level test of the HTTP surface over a fresh `TestWorld`, with a token for its owner.
struct APITestHarness {
    let world: TestWorld
    let token: String
    /// Follows the log only when a test calls `catchUp()`; hashing embedder, no model needed.
    let search: SearchService

    static func make(configuration: HTTPServerConfiguration = .unlimited) async throws -> (APITestHarness, some ApplicationProtocol) {
        let world = try await TestWorld.make()
        let (token, _) = try await world.services.auth.createAccessToken(
            userID: world.owner.id, name: "tests", scopes: Set(TokenScope.allCases), baseIDs: nil)
        let indexer = SearchIndexer(store: world.store, embedder: HashingEmbedder(), logger: .init(label: "test"))
        let search = SearchService(store: world.store, indexer: indexer)
        let app = buildApplication(services: world.services, search: search, configuration: configuration, logger: .init(label: "test"))
        return (APITestHarness(world: world, token: token, search: search), app)
    }

    /// `buildRouter` with a search service and an orchestrator, so that every route group exists.
    static func makeFullRouter() async throws -> (APITestHarness, Router<TesseraRequestContext>) {
        let (harness, _) = try await APITestHarness.make()
        let search = harness.search
        let orchestrator = Orchestrator(
            OrchestratorDependencies(
                router: ModelRouter(catalog: try ModelCatalog(models: []), providers: [:]), services: harness.world.services,
                search: search, registry: WorkspaceTools(services: harness.world.services, search: search)))
        let router = buildRouter(services: harness.world.services, search: search, orchestrator: orchestrator, configuration: .unlimited)
        return (harness, router)
    }

    func headers(_ token: String? = nil) -> HTTPFields {
        [.authorization: "Bearer \(token ?? self.token)", .contentType: "application/json"]
    }
}

extension HTTPServerConfiguration {
    static var unlimited: HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration()
        configuration.tokenRateLimit = nil
        configuration.baseRateLimit = nil
        return configuration
    }
}

extension TestResponse {
    var json: JSONValue {
        (try? JSONValue.parse(Data(body.readableBytesView))) ?? .null
    }

    var errorType: String? { json["error"]?["type"]?.stringValue }
}

extension ByteBuffer {
    static func json(_ value: JSONValue) -> ByteBuffer {
        ByteBuffer(string: value.jsonString())
    }
}

extension TestClientProtocol {
    /// Creates a base with a "Tasks" table through the API and returns its id.
    func createBase(_ harness: APITestHarness, tableName: String = "Tasks") async throws -> String {
        let body: JSONValue = [
            "name": "Project", "workspaceId": .string(harness.world.workspace.id),
            "tables": [
                [
                    "name": .string(tableName),
                    "fields": [
                        ["name": "Name", "type": "singleLineText"],
                        ["name": "Points", "type": "number", "options": ["precision": 0]],
                        ["name": "Status", "type": "singleSelect", "options": ["choices": [["name": "Todo"], ["name": "Done"]]]],
                    ],
                ]
            ],
        ]
        return try await execute(uri: "/v0/meta/bases", method: .post, headers: harness.headers(), body: .json(body)) { response in
            response.json["id"]?.stringValue ?? ""
        }
    }
}
