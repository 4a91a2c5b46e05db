import Embeddings
import Foundation
import Metrics
import TesseraCore
import Tracing

/// Semantic, keyword and hybrid search over a table's records, with the same access rules as
/// listing them.
public struct SearchService: Sendable {
    public let indexer: SearchIndexer
    private let store: any TesseraStore
    private let tables: TableService

    public init(store: any TesseraStore, indexer: SearchIndexer) {
        self.store = store
        self.indexer = indexer
        tables = TableService(store: store)
    }

    private var configuration: SearchConfiguration { indexer.configuration }

    public func search(_ request: SearchRequest, in ref: TableRef) async throws -> SearchResults {
        let span = startSpan("search \(request.mode.rawValue)")
        defer { span.end() }
        span.attributes["tessera.search.mode"] = request.mode.rawValue
        span.attributes["tessera.search.k"] = request.k
        do {
            let results = try await InstrumentationContext.withValue(span.context) { try await run(request, in: ref) }
            span.attributes["tessera.search.hits"] = results.hits.count
            return results
        } catch {
            span.recordFailure(error)
            throw error
        }
    }

    private func run(_ request: SearchRequest, in ref: TableRef) async throws -> SearchResults {
        let started = DispatchTime.now()
        defer { SearchMetrics.query(request.mode).recordInterval(since: started) }
        let query = request.query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !query.isEmpty else { throw TesseraError.invalidRequest("A search needs a non-empty \"query\"") }
        guard query.count <= 10_000 else { throw TesseraError.invalidRequest("A search query may hold at most 10,000 characters") }
        guard (1...configuration.maxResults).contains(request.k) else {
            throw TesseraError.invalidRequest("k must be between 1 and \(configuration.maxResults), got \(request.k)")
        }
        let table = try await tables.table(ref, scope: .recordsRead, level: .read)
        let view = try request.view.map { name throws(TesseraError) in
            guard let view = table.view(named: name) else {
                throw TesseraError(.viewNotFound, "Could not find view \"\(name)\" in table \"\(table.name)\"")
            }
            return view
        }
        let filter = try RecordService.filter(request.filterByFormula, view: view, table: table, timeZone: CellRenderer.utc)
        let projection = try request.fields.map { names throws(TesseraError) in
            try names.map { name throws(TesseraError) in
                guard let field = table.field(named: name) else { throw TesseraError.unknownField(name) }
                return field
            }
        }
        let queryVector = request.mode == .keyword ? [] : try await indexer.embedder.embed([query]).first ?? []
        let budget = FormulaBudget()

        // Candidates are fetched deeper and deeper until k of them pass the filter or the lists
        // run out, so a selective filter still returns k records when k exist.
        var depth = max(request.k * 4, 50)
        while true {
            let ranked = try await candidates(query, vector: queryVector, mode: request.mode, table: table, depth: depth)
            let records = try await store.records(tableID: table.id, ids: ranked.items.map(\.id))
            let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var hits: [SearchResults.Hit] = []
            for candidate in ranked.items {
                guard let record = byID[candidate.id], try filter?.matches(record, budget: budget) ?? true else { continue }
                hits.append(SearchResults.Hit(record: record, score: candidate.score, rank: hits.count + 1))
                if hits.count == request.k { break }
            }
            if hits.count == request.k || !ranked.mayHaveMore {
                return SearchResults(table: table, mode: request.mode, presenter: RecordPresenter(table: table, projection: projection), hits: hits)
            }
            depth *= 4
        }
    }

    public func status(in ref: TableRef) async throws -> IndexStatus {
        let table = try await tables.table(ref, scope: .recordsRead, level: .read)
        return try await indexer.status(tableID: table.id)
    }

    private func candidates(_ query: String, vector: [Float], mode: SearchMode, table: Table, depth: Int) async throws -> RankedList {
        switch mode {
        case .semantic:
            let semantic = try semantic(vector, table: table, depth: depth)
            return RankedList(items: semantic, mayHaveMore: semantic.count == depth)
        case .keyword:
            let keyword = try await keyword(query, table: table, depth: depth)
            return RankedList(items: keyword, mayHaveMore: keyword.count == depth)
        case .hybrid:
            // The keyword query runs in the database while the vector index is searched here.
            async let keywordHits = keyword(query, table: table, depth: depth)
            let semantic = try semantic(vector, table: table, depth: depth)
            let keyword = try await keywordHits
            let fused = ReciprocalRankFusion(k: configuration.rrfK).fuse([semantic.map(\.id), keyword.map(\.id)])
            return RankedList(items: fused, mayHaveMore: semantic.count == depth || keyword.count == depth)
        }
    }

    private func semantic(_ vector: [Float], table: Table, depth: Int) throws -> [(id: String, score: Double)] {
        guard let index = indexer.tableIndex(table.id) else { return [] }
        return try index.search(vector, k: depth).map { (id: $0.recordID, score: $0.score) }
    }

    /// The store finds texts holding any query word; of those, only texts holding at least half
    /// of the words count as keyword hits (Elasticsearch's `minimum_should_match: 50%`), so one
    /// common word shared with a long question does not outrank the meaning in hybrid search.
    private func keyword(_ query: String, table: Table, depth: Int) async throws -> [(id: String, score: Double)] {
        let words = KeywordCoverage(query: query)
        // Function words would match nearly every text and make the database rank them all.
        return try await store.keywordMatches(tableID: table.id, query: words.words.sorted().joined(separator: " "), limit: depth)
            .filter { words.isCovered(by: $0.text) }
            .map { (id: $0.recordID, score: $0.score) }
    }
}

/// Candidates best first, cut at the depth asked for.
private struct RankedList {
    var items: [(id: String, score: Double)]
    /// False when the list holds every candidate there is, so searching deeper is pointless.
    var mayHaveMore: Bool
}
