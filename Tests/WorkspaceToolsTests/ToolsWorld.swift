import Embeddings
import Logging
import Search
import TesseraCore
import TesseraTesting
import WorkspaceTools

/// A test world with the "Tasks" base, the tool registry over it, and a search indexer that
/// follows the log only when a test calls `catchUp()` (hashing embedder: no model needed).
struct ToolsWorld {
    let world: TestWorld
    let base: Base
    let table: Table
    let indexer: SearchIndexer
    let tools: WorkspaceTools

    var owner: Principal { world.ownerPrincipal }

    static func make() async throws -> ToolsWorld {
        let world = try await TestWorld.make()
        let (base, table) = try await world.makeTasksBase()
        let indexer = SearchIndexer(store: world.store, embedder: HashingEmbedder(), logger: Logger(label: "test"))
        try await indexer.load()
        let tools = WorkspaceTools(services: world.services, search: SearchService(store: world.store, indexer: indexer))
        return ToolsWorld(world: world, base: base, table: table, indexer: indexer, tools: tools)
    }

    /// Calls a tool as the owner unless another principal is given.
    func call(_ name: String, _ arguments: JSONValue, as principal: Principal? = nil) async throws(ToolCallError) -> JSONValue {
        let output = try await tools.call(name, arguments: arguments, as: principal ?? owner)
        do {
            return try output.value()
        } catch {
            throw .failed("\(name) answered text that is not JSON: \(output.jsonString())")
        }
    }

    /// The failure message of a call that must fail as a business error.
    func failure(_ name: String, _ arguments: JSONValue, as principal: Principal? = nil) async -> String? {
        do {
            _ = try await call(name, arguments, as: principal)
            return nil
        } catch .failed(let message) {
            return message
        } catch {
            return nil
        }
    }

    /// Creates `count` tasks named "Task 1"…, with Points 1…count.
    @discardableResult
    func addTasks(_ count: Int) async throws -> [String] {
        var ids: [String] = []
        for start in stride(from: 1, through: count, by: RecordService.maxBatchSize) {
            let rows: [JSONValue] = (start...min(count, start + RecordService.maxBatchSize - 1)).map { number in
                ["fields": ["Name": .string("Task \(number)"), "Points": .number(Double(number))]]
            }
            let result = try await call("create_records", ["baseId": .string(base.id), "table": "Tasks", "records": .array(rows)])
            ids += result["records"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
        return ids
    }

    /// A personal access token's principal for the owner.
    func tokenPrincipal(scopes: Set<TokenScope>, baseIDs: Set<String>? = nil) async throws -> Principal {
        let (token, _) = try await world.services.auth.createAccessToken(userID: world.owner.id, name: "test", scopes: scopes, baseIDs: baseIDs)
        return try await world.services.auth.authenticate(bearer: token)
    }
}
