import Embeddings
import Foundation
import LLM
import Logging
import Orchestrator
import Search
import TesseraCore
import TesseraTesting
import WorkspaceTools

/// A test world with the "Tasks" base and an orchestrator whose only model is scripted.
struct OrchestratorWorld {
    let world: TestWorld
    let base: Base
    let model: ScriptedModel
    let orchestrator: Orchestrator

    var owner: Principal { world.ownerPrincipal }

    static func make(
        configure: (inout OrchestratorConfiguration) -> Void = { _ in }, script: @escaping ScriptedModel.Script
    ) async throws -> OrchestratorWorld {
        let world = try await TestWorld.make()
        let (base, _) = try await world.makeTasksBase()
        let indexer = SearchIndexer(store: world.store, embedder: HashingEmbedder(), logger: Logger(label: "test"))
        try await indexer.load()
        let search = SearchService(store: world.store, indexer: indexer)
        let catalog = try ModelCatalog.scripted()
        let model = ScriptedModel(script)
        var configuration = OrchestratorConfiguration()
        configure(&configuration)
        let dependencies = OrchestratorDependencies(
            router: ModelRouter(catalog: catalog, providers: ["scripted": model]), services: world.services, search: search,
            registry: WorkspaceTools(services: world.services, search: search), embedder: HashingEmbedder())
        let orchestrator = Orchestrator(dependencies, configuration: configuration)
        return OrchestratorWorld(world: world, base: base, model: model, orchestrator: orchestrator)
    }

    func addTasks(_ names: [String]) async throws -> [String] {
        let (records, _) = try await world.services.records.create(
            names.map { ["Name": .string($0)] }, typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: owner))
        return records.map(\.id)
    }

    func taskCount() async throws -> Int {
        try await world.services.records.count(in: TableRef(baseID: base.id, table: "Tasks", by: owner))
    }

    func turn(_ text: String, overBase: Bool = true, writes: Bool = false, confirm: Set<String> = [], cache: Bool = false, tools: [ToolDefinition] = [])
        -> ChatTurn
    {
        ChatTurn(
            chat: ChatRequest(model: "tessera/test", messages: [.user(text)], tools: tools),
            baseID: overBase ? base.id : nil, allowWrites: writes, confirmedRecordIDs: confirm, useCache: cache)
    }
}

/// A tool call with JSON arguments.
func toolCall(_ name: String, _ arguments: JSONValue, id: String = "call_1") -> ToolCall {
    ToolCall(id: id, name: name, arguments: arguments.jsonString())
}
