import Embeddings
import Foundation
import Logging
import Metrics
import Synchronization
import TesseraCore

/// Keeps every table's vector index and keyword text in step with the records, by following
/// the events log.
///
/// Each step reads a batch of events after the in-memory cursor, re-embeds the records whose
/// searchable text changed (by content hash), writes their vectors and text together with the
/// persisted cursor in one transaction per embedding batch, then updates the in-memory
/// indexes. A schema change of a table re-checks all its records (only changed texts are
/// embedded again). Writes by the API never wait for it: it only reads the log.
///
/// Several processes may follow one database (`serve` and `mcp` on one SQLite file, or many
/// nodes on PostgreSQL): each keeps its own in-memory cursor and indexes, and vectors another
/// process already stored for the same text are reused, not recomputed.
///
/// One caller drives it: either `run()` or explicit `catchUp()` calls, never both at once.
public final class SearchIndexer: Sendable {
    public let embedder: any Embedder
    let configuration: SearchConfiguration
    private let store: any TesseraStore
    private let logger: Logger
    private let follower: String
    private let cursor = Atomic<Int64>(0)
    private let indexes = Mutex<[String: TableIndex]>([:])
    private let reindexing = Mutex<[String: IndexStatus.Reindex]>([:])

    public init(store: any TesseraStore, embedder: any Embedder, configuration: SearchConfiguration = SearchConfiguration(), logger: Logger) {
        self.store = store
        self.embedder = embedder
        self.configuration = configuration
        self.logger = logger
        follower = "search/\(embedder.name)"
    }

    /// The last event applied to the in-memory indexes.
    public var indexedThrough: Int64 { cursor.load(ordering: .acquiring) }

    /// Loads the stored vectors of every table and the cursor they reflect.
    public func load() async throws {
        let started = ContinuousClock.now
        let snapshot = try await store.searchSnapshot(follower: follower, model: embedder.name)
        var byTable: [String: [TableIndex.Entry]] = [:]
        for stored in snapshot.embeddings where stored.vector.count == embedder.dimension {
            byTable[stored.tableID, default: []].append(
                TableIndex.Entry(recordID: stored.recordID, autoNumber: stored.autoNumber, contentHash: stored.contentHash, vector: stored.vector))
        }
        var loaded: [String: TableIndex] = [:]
        for (tableID, entries) in byTable {
            loaded[tableID] = try TableIndex(
                tableID: tableID, dimension: embedder.dimension, exactSearchLimit: configuration.exactSearchLimit, entries: entries)
        }
        indexes.withLock { $0 = loaded }
        cursor.store(snapshot.cursor ?? 0, ordering: .releasing)
        logger.info(
            "search index loaded",
            metadata: [
                "vectors": "\(snapshot.embeddings.count)", "tables": "\(loaded.count)", "cursor": "\(snapshot.cursor ?? 0)",
                "model": "\(embedder.name)", "seconds": "\((ContinuousClock.now - started).seconds)",
            ])
    }

    /// Applies events until none are left; returns how many were applied.
    @discardableResult
    public func catchUp() async throws -> Int {
        var applied = 0
        while true {
            let count = try await step()
            if count == 0 { return applied }
            applied += count
        }
    }

    /// Follows the log until the task is cancelled. A failed step is logged and retried after a
    /// pause, so a passing database error does not stop search from catching up later.
    public func run() async throws {
        while !Task.isCancelled {
            do {
                let applied = try await step()
                try await reportProgress()
                if applied > 0 { continue }
            } catch is CancellationError {
                return
            } catch {
                logger.error("search indexer step failed; retrying", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: configuration.pollInterval)
        }
    }

    /// Waits (following the log with `run()` elsewhere) until every event up to `sequence` is
    /// applied.
    public func waitUntilIndexed(through sequence: Int64) async throws {
        while indexedThrough < sequence {
            try await Task.sleep(for: configuration.pollInterval)
        }
    }

    private func reportProgress() async throws {
        SearchMetrics.eventsBehind.record(try await eventsBehind())
        SearchMetrics.vectors.record(indexes.withLock { $0.values.reduce(0) { $0 + $1.count } })
    }

    /// Events in the log (all tables) the indexer has not applied yet.
    public func eventsBehind() async throws -> Int64 {
        max(0, try await store.latestEventSequence() - indexedThrough)
    }

    public func status(tableID: String) async throws -> IndexStatus {
        let behind = try await eventsBehind()
        let index = tableIndex(tableID)
        return IndexStatus(
            kind: index.map { $0.kind.rawValue } ?? "none", vectors: index?.count ?? 0, model: embedder.name,
            dimension: embedder.dimension, indexedThrough: indexedThrough, eventsBehind: behind,
            reindex: reindexing.withLock { $0[tableID] })
    }

    func tableIndex(_ tableID: String) -> TableIndex? {
        indexes.withLock { $0[tableID] }
    }

    // MARK: - Following the log

    private struct TableRef: Hashable {
        let baseID: String
        let tableID: String
    }

    private func step() async throws -> Int {
        let start = indexedThrough
        let events = try await store.events(after: start, limit: configuration.eventBatchSize)
        guard let last = events.last else { return 0 }

        var changed: [TableRef: [String]] = [:]
        var seen = Set<String>()
        var schemaChanged: [TableRef] = []
        for event in events {
            guard let tableID = event.tableID else { continue }
            let table = TableRef(baseID: event.baseID, tableID: tableID)
            switch event.kind {
            case .recordCreated, .recordUpdated:
                if let recordID = event.recordID, seen.insert(recordID).inserted { changed[table, default: []].append(recordID) }
            case .recordDeleted:
                // The database dropped the vector and the text with the record.
                if let recordID = event.recordID { tableIndex(tableID)?.remove(recordID: recordID) }
            case .tableCreated, .tableUpdated, .fieldCreated, .fieldUpdated:
                if !schemaChanged.contains(table) { schemaChanged.append(table) }
            case .baseCreated:
                break
            }
        }

        var schemas = SchemaCache(store: store)
        for (ref, recordIDs) in changed {
            guard let table = try await schemas.table(ref) else { continue }
            let records = try await store.records(tableID: ref.tableID, ids: recordIDs)
            try await index(records, of: table, cursor: start)
        }
        for ref in schemaChanged {
            guard let table = try await schemas.table(ref) else { continue }
            try await reindex(table, cursor: start)
        }
        try await store.saveSearchDocuments([], model: embedder.name, follower: follower, cursor: last.sequence)
        cursor.store(last.sequence, ordering: .releasing)
        return events.count
    }

    /// Re-checks every record of a table whose searchable fields (or their names) may have
    /// changed; progress is visible in `status`.
    private func reindex(_ table: Table, cursor: Int64) async throws {
        let total = try await store.countRecords(tableID: table.id)
        var done = 0
        var after: RecordScan.Start = .beginning
        reindexing.withLock { $0[table.id] = IndexStatus.Reindex(done: 0, total: total) }
        defer { _ = reindexing.withLock { $0.removeValue(forKey: table.id) } }
        while true {
            let page = try await store.scanRecords(RecordScan(tableID: table.id, sort: [], prefilter: nil, matches: nil, start: after, limit: 256))
            try await index(page.records, of: table, cursor: cursor)
            done += page.records.count
            reindexing.withLock { $0[table.id] = IndexStatus.Reindex(done: done, total: max(total, done)) }
            guard page.hasMore, let last = page.records.last else { return }
            after = .afterAutoNumber(last.autoNumber)
        }
    }

    /// Brings the records' vectors and text up to date: unchanged texts are skipped, texts
    /// another process already embedded are reused, the rest are embedded in batches.
    private func index(_ records: [Record], of table: Table, cursor: Int64) async throws {
        let text = SearchableText(table: table)
        let existing = tableIndex(table.id)
        var pending: [(record: Record, text: String, hash: String)] = []
        for record in records {
            let body = text.text(of: record)
            let hash = SearchableText.contentHash(text: body, model: embedder.name)
            if existing?.contentHash(of: record.id) != hash || body.isEmpty {
                pending.append((record, body, hash))
            }
        }
        guard !pending.isEmpty else { return }

        let stored = try await store.embeddings(recordIDs: pending.map(\.record.id), model: embedder.name)
        var reused: [TableIndex.Entry] = []
        var cleared: [SearchDocument] = []
        var toEmbed: [(record: Record, text: String, hash: String)] = []
        for item in pending {
            if item.text.isEmpty {
                cleared.append(document(item.record, item.text, item.hash, vector: nil))
            } else if let vector = stored[item.record.id], vector.contentHash == item.hash, vector.vector.count == embedder.dimension {
                reused.append(TableIndex.Entry(recordID: item.record.id, autoNumber: item.record.autoNumber, contentHash: item.hash, vector: vector.vector))
            } else {
                toEmbed.append(item)
            }
        }
        if !cleared.isEmpty {
            let written = try await store.saveSearchDocuments(cleared, model: embedder.name, follower: follower, cursor: cursor)
            for recordID in written { existing?.remove(recordID: recordID) }
        }
        try indexFor(table.id).upsert(reused)

        var batchStart = 0
        while batchStart < toEmbed.count {
            let batch = toEmbed[batchStart..<min(batchStart + configuration.embeddingBatchSize, toEmbed.count)]
            let embedding = DispatchTime.now()
            let vectors = try await embedder.embed(batch.map(\.text))
            SearchMetrics.embeddingBatches.recordInterval(since: embedding)
            SearchMetrics.embeddedTexts.increment(by: batch.count)
            let documents = zip(batch, vectors).map { item, vector in document(item.record, item.text, item.hash, vector: vector) }
            let written = try await store.saveSearchDocuments(documents, model: embedder.name, follower: follower, cursor: cursor)
            // A record changed since it was read keeps its old entry: the event of that change
            // is still ahead in the log and brings the new text.
            try indexFor(table.id).upsert(
                zip(batch, vectors).compactMap { item, vector in
                    guard written.contains(item.record.id) else { return nil }
                    return TableIndex.Entry(recordID: item.record.id, autoNumber: item.record.autoNumber, contentHash: item.hash, vector: vector)
                })
            batchStart += batch.count
        }
    }

    private func document(_ record: Record, _ text: String, _ hash: String, vector: [Float]?) -> SearchDocument {
        SearchDocument(
            recordID: record.id, tableID: record.tableID, version: record.lastModifiedTime ?? record.createdTime,
            text: text, contentHash: hash, vector: vector)
    }

    private func indexFor(_ tableID: String) throws -> TableIndex {
        if let index = tableIndex(tableID) { return index }
        let created = try TableIndex(tableID: tableID, dimension: embedder.dimension, exactSearchLimit: configuration.exactSearchLimit, entries: [])
        return indexes.withLock { indexes in
            if let index = indexes[tableID] { return index }
            indexes[tableID] = created
            return created
        }
    }

    /// Table schemas read once per step.
    private struct SchemaCache {
        let store: any TesseraStore
        var bases: [String: [Table]] = [:]

        mutating func table(_ ref: TableRef) async throws -> Table? {
            if bases[ref.baseID] == nil { bases[ref.baseID] = try await store.tables(baseID: ref.baseID) }
            return bases[ref.baseID]?.first { $0.id == ref.tableID }
        }
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
