internal import CBLAS
import Foundation

/// Exact search: every query is scored against every vector.
///
/// One query is scored by SIMD kernels on `threads` threads, each taking runs of rows as it
/// frees up and keeping its k best in a bounded heap as it goes. (BLAS `sgemv` is slower here: it
/// writes the scores out for a separate selection pass, and one core idles during that pass.)
/// Many queries are scored by a register-tiled kernel with the selection fused in
/// (``TiledBatchScan``) on machines with AVX2 and FMA, by blocked `sgemm` elsewhere; int8 and
/// float16 rows are decoded block by block for that. With `rerankFactor > 1` the
/// `k × rerankFactor` best candidates are re-scored exactly, against a float32 copy or the
/// caller's ``RerankSource``.
///
/// Thread safety: see ``VectorIndex``; one internal readers–writer lock.
public final class FlatIndex: VectorIndex, @unchecked Sendable {
    public let dimension: Int
    public let metric: VectorMetric
    public let encoding: VectorEncoding
    /// Candidates re-scored in float32 per result wanted (1 = no re-ranking).
    public let rerankFactor: Int
    /// Worker threads used inside one call (scans and batch selection).
    public let threads: Int

    private let lock = ReadWriteLock()
    private let preparation: VectorPreparation
    private let store: VectorStore
    private let exactStore: VectorStore?
    private let rerankSource: (any RerankSource)?
    private var ids: [UInt64] = []
    private var slotOfID: [UInt64: Int] = [:]

    /// Rows per BLAS block: one block of scores per query.
    static let rowBlock = 4096
    /// Queries scored together: bounds the scores (BLAS) or candidates (tiled) held at once.
    static let queryBlock = 1024

    /// How batches are scored: the fused kernel where the machine has it. Tests set `.blas` to
    /// cover the portable path; set it before the index is shared.
    var batchScoring: BatchScoring = TiledBatchScan.isAvailable ? .tiled : .blas

    enum BatchScoring {
        case tiled
        case blas
    }

    public init(
        dimension: Int,
        metric: VectorMetric = .cosine,
        encoding: VectorEncoding = .float32,
        rerankFactor: Int = 1,
        rerankSource: (any RerankSource)? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws {
        guard dimension > 0 else { throw VectorIndexError.invalidArgument("dimension must be positive, got \(dimension)") }
        guard rerankFactor >= 1 else { throw VectorIndexError.invalidArgument("rerankFactor must be at least 1, got \(rerankFactor)") }
        guard threads >= 1 else { throw VectorIndexError.invalidArgument("threads must be at least 1, got \(threads)") }
        self.dimension = dimension
        self.metric = metric
        self.encoding = encoding
        self.rerankFactor = encoding == .float32 ? 1 : rerankFactor
        self.threads = threads
        preparation = VectorPreparation(dimension: dimension, metric: metric)
        store = VectorStore(dimension: dimension, encoding: encoding)
        self.rerankSource = self.rerankFactor > 1 ? rerankSource : nil
        exactStore = self.rerankFactor > 1 && rerankSource == nil ? VectorStore(dimension: dimension, encoding: .float32) : nil
    }

    public var count: Int { lock.withReadLock { ids.count } }

    public var memoryBytes: Int {
        lock.withReadLock { store.memoryBytes + (exactStore?.memoryBytes ?? 0) + ids.count * 8 }
    }

    public func contains(id: UInt64) -> Bool {
        lock.withReadLock { slotOfID[id] != nil }
    }

    // MARK: Mutation

    public func upsert(id: UInt64, vector: [Float]) throws {
        let row = try preparation.prepare(vector)
        lock.withWriteLock { row.withUnsafeBufferPointer { put(id: id, row: $0.baseAddress!) } }
    }

    public func upsert(ids newIDs: [UInt64], vectors: [Float]) throws {
        let rows = try preparation.prepare(rows: vectors, rowCount: newIDs.count)
        lock.withWriteLock {
            store.reserve(ids.count + newIDs.count)
            exactStore?.reserve(ids.count + newIDs.count)
            rows.withUnsafeBufferPointer { buffer in
                for (index, id) in newIDs.enumerated() {
                    put(id: id, row: buffer.baseAddress! + index * dimension)
                }
            }
        }
    }

    private func put(id: UInt64, row: UnsafePointer<Float>) {
        if let slot = slotOfID[id] {
            store.write(row, at: slot)
            exactStore?.write(row, at: slot)
        } else {
            slotOfID[id] = store.append(row)
            exactStore?.append(row)
            ids.append(id)
        }
    }

    @discardableResult
    public func remove(id: UInt64) -> Bool {
        lock.withWriteLock {
            guard let slot = slotOfID.removeValue(forKey: id) else { return false }
            let last = ids.count - 1
            store.moveLastRow(to: slot)
            exactStore?.moveLastRow(to: slot)
            if slot != last {
                ids[slot] = ids[last]
                slotOfID[ids[slot]] = slot
            }
            ids.removeLast()
            return true
        }
    }

    // MARK: Search

    public func search(_ query: [Float], k: Int, filter: SearchFilter?) throws -> [SearchHit] {
        let prepared = try preparation.prepare(query)
        try Self.validate(k: k)
        return lock.withReadLock {
            prepared.withUnsafeBufferPointer { searchOne($0.baseAddress!, k: k, filter: filter) }
        }
    }

    public func search(batch queries: [Float], k: Int, filter: SearchFilter?) throws -> [[SearchHit]] {
        guard queries.count % dimension == 0 else {
            throw VectorIndexError.invalidArgument("\(queries.count) floats is not a whole number of \(dimension)-dimensional queries")
        }
        let queryCount = queries.count / dimension
        let prepared = try preparation.prepare(rows: queries, rowCount: queryCount)
        try Self.validate(k: k)
        return lock.withReadLock {
            prepared.withUnsafeBufferPointer { searchMany($0.baseAddress!, queryCount: queryCount, k: k, filter: filter) }
        }
    }

    static func validate(k: Int) throws {
        guard k >= 0 else { throw VectorIndexError.invalidArgument("k must not be negative, got \(k)") }
    }

    /// How many candidates the first pass keeps before float32 re-ranking.
    private func candidateCount(_ k: Int) -> Int {
        k * rerankFactor
    }

    private var exactRows: ExactRows? { ExactRows(copy: exactStore, source: rerankSource) }

    private func searchOne(_ query: UnsafePointer<Float>, k: Int, filter: SearchFilter?) -> [SearchHit] {
        guard k > 0, !ids.isEmpty else { return [] }
        let wanted = candidateCount(k)
        var selector = TopKSelector(k: wanted)
        if let allowed = filter?.allowedIDs, allowed.count < ids.count / 8 {
            // A selective allowed set: score only its rows instead of the whole index.
            for id in allowed {
                if let slot = slotOfID[id] { selector.offer(score: store.dot(query, slot: slot), id: id) }
            }
        } else {
            scanInParallel(query, filter: filter, into: &selector)
        }
        return finish(selector, query: query, k: k)
    }

    private func scanInParallel(_ query: UnsafePointer<Float>, filter: SearchFilter?, into selector: inout TopKSelector) {
        let workers = min(threads, max(1, ids.count / 8192))
        let partials = UnsafeMutableBufferPointer<TopKSelector>.allocate(capacity: workers)
        partials.initialize(repeating: TopKSelector(k: selector.k))
        defer {
            partials.deinitialize()
            partials.deallocate()
        }
        let wanted = selector.k
        let dispenser = RunDispenser(count: ids.count, run: 4096)
        ids.withUnsafeBufferPointer { ids in
            Parallel.forEach(workers) { worker in
                var local = TopKSelector(k: wanted)
                let scratch = QueryScratch(dimension: dimension)
                let prepared = store.scoringQuery(query, scratch: scratch)
                while let run = dispenser.nextRun() {
                    for slot in run {
                        let score = store.dot(prepared, slot: slot)
                        if score >= local.threshold, filter?.allows(ids[slot]) ?? true {
                            local.offer(score: score, id: ids[slot])
                        }
                    }
                }
                partials[worker] = local
            }
        }
        for partial in partials { selector.merge(partial) }
    }

    @inline(__always)
    private static func select(scores: UnsafePointer<Float>, ids: UnsafePointer<UInt64>, count: Int, filter: SearchFilter?, into selector: inout TopKSelector) {
        var threshold = selector.threshold
        for index in 0..<count where scores[index] >= threshold {
            if let filter, !filter.allows(ids[index]) { continue }
            selector.offer(score: scores[index], id: ids[index])
            threshold = selector.threshold
        }
    }

    private func searchMany(_ queries: UnsafePointer<Float>, queryCount: Int, k: Int, filter: SearchFilter?) -> [[SearchHit]] {
        guard k > 0, !ids.isEmpty else { return Array(repeating: [], count: queryCount) }
        if let allowed = filter?.allowedIDs, allowed.count < ids.count / 8 {
            return (0..<queryCount).map { searchOne(queries + $0 * dimension, k: k, filter: filter) }
        }
        let wanted = candidateCount(k)
        var results: [[SearchHit]] = []
        results.reserveCapacity(queryCount)
        ids.withUnsafeBufferPointer { ids in
            for queryStart in stride(from: 0, to: queryCount, by: Self.queryBlock) {
                let blockQueries = min(Self.queryBlock, queryCount - queryStart)
                let blockStart = queries + queryStart * dimension
                let selectors =
                    switch batchScoring {
                    case .tiled:
                        TiledBatchScan(dimension: dimension, store: store, ids: ids, filter: filter, threads: threads)
                            .select(blockStart, queryCount: blockQueries, wanted: wanted)
                    case .blas:
                        selectWithBLAS(blockStart, queryCount: blockQueries, wanted: wanted, ids: ids, filter: filter)
                    }
                for query in 0..<blockQueries {
                    results.append(finish(selectors[query], query: blockStart + query * dimension, k: k))
                }
            }
        }
        return results
    }

    /// Scores blocks of rows with `sgemm`, then selects from each block's scores in parallel.
    private func selectWithBLAS(
        _ queries: UnsafePointer<Float>, queryCount: Int, wanted: Int,
        ids: UnsafeBufferPointer<UInt64>, filter: SearchFilter?
    ) -> [TopKSelector] {
        let rowBlock = Self.rowBlock
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: queryCount * rowBlock)
        let decoded: UnsafeMutablePointer<Float>? = store.floatRows == nil ? .allocate(capacity: rowBlock * dimension) : nil
        defer {
            scores.deallocate()
            decoded?.deallocate()
        }
        var selectors = [TopKSelector](repeating: TopKSelector(k: wanted), count: queryCount)
        selectors.withUnsafeMutableBufferPointer { selectors in
            for rowStart in stride(from: 0, to: ids.count, by: rowBlock) {
                let rowCount = min(rowBlock, ids.count - rowStart)
                let rows = store.floatRows(from: rowStart, count: rowCount, scratch: decoded)
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(queryCount), Int32(rowCount), Int32(dimension),
                    1, queries, Int32(dimension), rows, Int32(dimension), 0, scores, Int32(rowCount))
                let workers = min(threads, queryCount)
                Parallel.forEach(workers) { worker in
                    for query in (queryCount * worker / workers)..<(queryCount * (worker + 1) / workers) {
                        Self.select(
                            scores: scores + query * rowCount, ids: ids.baseAddress! + rowStart,
                            count: rowCount, filter: filter, into: &selectors[query])
                    }
                }
            }
        }
        return selectors
    }

    /// Re-scores candidates in float32 when the index re-ranks, then cuts to k.
    private func finish(_ selector: TopKSelector, query: UnsafePointer<Float>, k: Int) -> [SearchHit] {
        let hits = selector.sortedHits()
        guard let exactRows else { return hits }
        return exactRows.rerank(hits, query: query, k: k, dimension: dimension, metric: metric) { self.slotOfID[$0]! }
    }

    // MARK: Persistence

    public func save(to url: URL) throws {
        let (file, payload) = lock.withReadLock { () -> (IndexFile, [UInt8]) in
            var writer = BinaryWriter(reservingCapacity: ids.count * (store.bytesPerRow + 8 + (exactStore?.bytesPerRow ?? 0)) + 32)
            writer.append(ExactRows.encode(factor: rerankFactor, fromSource: rerankSource != nil))
            writer.append(UInt64(ids.count))
            writer.append(contentsOf: ids)
            store.write(to: &writer)
            exactStore?.write(to: &writer)
            let file = IndexFile(kind: .flat, metric: metric, encoding: encoding, dimension: dimension, liveCount: ids.count)
            return (file, writer.bytes)
        }
        try file.write(payload: payload, to: url)
    }

    /// Reads an index written by ``save(to:)``. An index saved re-ranking against a
    /// ``RerankSource`` needs one again; other indexes ignore `rerankSource`.
    public static func load(
        from url: URL, rerankSource: (any RerankSource)? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> FlatIndex {
        try IndexFile.read(from: url, expecting: .flat) { file, reader in
            let reranking = ExactRows.decode(try reader.read(UInt32.self))
            let source = try ExactRows.source(rerankSource, forFileThatUsesOne: reranking.fromSource)
            let index = try FlatIndex(
                dimension: file.dimension, metric: file.metric, encoding: file.encoding,
                rerankFactor: max(reranking.factor, 1), rerankSource: source, threads: threads)
            let count = try reader.readCount(bytesEach: 8, what: "vector")
            guard count == file.liveCount else {
                throw VectorIndexError.corruptFile("header says \(file.liveCount) vectors, payload \(count)")
            }
            let ids = try reader.readArray(of: UInt64.self, count: count)
            try index.store.read(rows: count, from: &reader)
            try index.exactStore?.read(rows: count, from: &reader)
            var slotOfID: [UInt64: Int] = [:]
            slotOfID.reserveCapacity(count)
            for (slot, id) in ids.enumerated() {
                guard slotOfID.updateValue(slot, forKey: id) == nil else {
                    throw VectorIndexError.corruptFile("id \(id) appears twice")
                }
            }
            index.ids = ids
            index.slotOfID = slotOfID
            return index
        }
    }
}
