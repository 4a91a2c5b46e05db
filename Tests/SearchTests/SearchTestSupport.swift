import Embeddings
import Foundation
import Logging
import Search
import Synchronization
import TesseraCore
import TesseraTesting

/// A hashing embedder that counts the texts it embeds, to tell reuse from recomputation.
final class CountingEmbedder: Embedder {
    private let inner = HashingEmbedder()
    private let embedded = Atomic<Int>(0)

    var name: String { inner.name }
    var dimension: Int { inner.dimension }
    var isStandIn: Bool { true }
    var textsEmbedded: Int { embedded.load(ordering: .relaxed) }

    func embedBatch(_ texts: [String]) -> EmbeddingBatch {
        embedded.add(texts.count, ordering: .relaxed)
        return inner.embedBatch(texts)
    }

    func tokenCount(_ texts: [String]) -> Int {
        inner.tokenCount(texts)
    }
}

/// A world with a "Tasks" table, its search indexer and service.
struct SearchWorld {
    let world: TestWorld
    let base: Base
    let table: Table
    let embedder: CountingEmbedder
    let indexer: SearchIndexer
    let search: SearchService

    static func make(configuration: SearchConfiguration = SearchConfiguration()) async throws -> SearchWorld {
        let world = try await TestWorld.make()
        let (base, table) = try await world.makeTasksBase()
        let embedder = CountingEmbedder()
        let indexer = SearchIndexer(store: world.store, embedder: embedder, configuration: configuration, logger: Logger(label: "test"))
        try await indexer.load()
        return SearchWorld(
            world: world, base: base, table: table, embedder: embedder, indexer: indexer,
            search: SearchService(store: world.store, indexer: indexer))
    }

    /// A second process on the same database: a fresh indexer loaded from what is stored.
    func restarted(configuration: SearchConfiguration = SearchConfiguration()) async throws -> SearchWorld {
        let embedder = CountingEmbedder()
        let indexer = SearchIndexer(store: world.store, embedder: embedder, configuration: configuration, logger: Logger(label: "test"))
        try await indexer.load()
        return SearchWorld(
            world: world, base: base, table: table, embedder: embedder, indexer: indexer,
            search: SearchService(store: world.store, indexer: indexer))
    }

    @discardableResult
    func create(_ rows: [[String: JSONValue]]) async throws -> [Record] {
        var created: [Record] = []
        for start in stride(from: 0, to: rows.count, by: RecordService.maxBatchSize) {
            let batch = rows[start..<min(start + RecordService.maxBatchSize, rows.count)]
            let (records, _) = try await world.services.records.create(
                batch.map { JSONValue.object($0) }, typecast: true, in: TableRef(baseID: base.id, table: table.id, by: world.ownerPrincipal))
            created += records
        }
        return created
    }

    func find(_ query: String, mode: SearchMode, k: Int = 5, filter: String? = nil, by principal: Principal? = nil) async throws -> [String] {
        try await search.search(
            SearchRequest(query: query, k: k, mode: mode, filterByFormula: filter),
            in: TableRef(baseID: base.id, table: table.id, by: principal ?? world.ownerPrincipal)
        ).hits.map(\.record.id)
    }
}
