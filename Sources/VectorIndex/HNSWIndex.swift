import Foundation

/// Approximate nearest-neighbour search over a hierarchical navigable small-world graph
/// (Malkov & Yashunin): greedy descent through sparse upper layers, then a best-first search
/// of width `efSearch` on layer 0.
///
/// - Vectors live in one contiguous ``VectorStore`` (float32, float16 or int8); with a
///   quantized encoding and `rerankFactor > 1` the best `k × rerankFactor` candidates are
///   re-scored exactly, against a float32 copy or the caller's ``RerankSource``.
/// - Deletes and replaced vectors leave tombstones: still used for navigation, never returned.
///   When tombstones outnumber live vectors the graph is rebuilt from the live ones
///   (``compact()``), so memory and search cost stay bounded.
/// - Batch upserts insert on `threads` threads at once; each node's link list has its own
///   (striped) mutex and no thread holds two, so the build cannot deadlock.
/// - A selective allowed-id filter is answered exactly over those ids; other filters are
///   applied during graph search, with an exact scan when the graph finds fewer than k.
///
/// Thread safety: see ``VectorIndex``; one internal readers–writer lock.
public final class HNSWIndex: VectorIndex, @unchecked Sendable {
    public let dimension: Int
    public let metric: VectorMetric
    public let encoding: VectorEncoding
    public let parameters: HNSWParameters
    public let rerankFactor: Int
    public let threads: Int

    let lock = ReadWriteLock()
    let preparation: VectorPreparation
    let graph: HNSWGraph
    let store: VectorStore
    let exactStore: VectorStore?
    let rerankSource: (any RerankSource)?
    var slotOfID: [UInt64: UInt32] = [:]
    var entryPoint: UInt32?
    var maxLevel = 0
    var tombstones = 0
    var random: SplitMix64
    let nodeLocks = MutexArray(count: 4096)
    let entryLock = MutexArray(count: 1)
    let visitedSets = VisitedSetPool()
    /// Layer multiplier 1/ln(m): a node reaches layer l with probability m^-l.
    let levelScale: Double
    /// Search width, adjustable at run time through ``efSearch``.
    var currentEfSearch: Int

    public init(
        dimension: Int,
        metric: VectorMetric = .cosine,
        encoding: VectorEncoding = .float32,
        parameters: HNSWParameters = HNSWParameters(),
        rerankFactor: Int = 1,
        rerankSource: (any RerankSource)? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws {
        guard dimension > 0 else { throw VectorIndexError.invalidArgument("dimension must be positive, got \(dimension)") }
        guard rerankFactor >= 1 else { throw VectorIndexError.invalidArgument("rerankFactor must be at least 1, got \(rerankFactor)") }
        guard threads >= 1 else { throw VectorIndexError.invalidArgument("threads must be at least 1, got \(threads)") }
        try parameters.validate()
        self.dimension = dimension
        self.metric = metric
        self.encoding = encoding
        self.parameters = parameters
        self.rerankFactor = encoding == .float32 ? 1 : rerankFactor
        self.threads = threads
        preparation = VectorPreparation(dimension: dimension, metric: metric)
        graph = HNSWGraph(m: parameters.m)
        store = VectorStore(dimension: dimension, encoding: encoding)
        self.rerankSource = self.rerankFactor > 1 ? rerankSource : nil
        exactStore = self.rerankFactor > 1 && rerankSource == nil ? VectorStore(dimension: dimension, encoding: .float32) : nil
        random = SplitMix64(seed: parameters.seed)
        levelScale = 1 / log(Double(parameters.m))
        currentEfSearch = parameters.efSearch
    }

    public var count: Int { lock.withReadLock { slotOfID.count } }

    /// Nodes in the graph, tombstones included.
    public var nodeCount: Int { lock.withReadLock { graph.nodeCount } }

    public var efSearch: Int {
        get { lock.withReadLock { currentEfSearch } }
        set { lock.withWriteLock { currentEfSearch = max(1, newValue) } }
    }

    public var memoryBytes: Int {
        lock.withReadLock {
            store.memoryBytes + (exactStore?.memoryBytes ?? 0) + graph.memoryBytes + slotOfID.capacity * 12
        }
    }

    public func contains(id: UInt64) -> Bool {
        lock.withReadLock { slotOfID[id] != nil }
    }

    // MARK: Mutation

    public func upsert(id: UInt64, vector: [Float]) throws {
        try upsert(ids: [id], vectors: vector)
    }

    public func upsert(ids newIDs: [UInt64], vectors: [Float]) throws {
        let rows = try preparation.prepare(rows: vectors, rowCount: newIDs.count)
        lock.withWriteLock {
            rows.withUnsafeBufferPointer { insert(ids: newIDs, rows: $0.baseAddress!) }
            compactIfMostlyTombstones()
        }
    }

    @discardableResult
    public func remove(id: UInt64) -> Bool {
        lock.withWriteLock {
            guard let node = slotOfID.removeValue(forKey: id) else { return false }
            graph.markDeleted(node)
            tombstones += 1
            compactIfMostlyTombstones()
            return true
        }
    }

    /// Rebuilds the graph from the live vectors, dropping every tombstone.
    public func compact() {
        lock.withWriteLock { rebuildFromLiveNodes() }
    }

    private func compactIfMostlyTombstones() {
        if tombstones > 64, tombstones > slotOfID.count { rebuildFromLiveNodes() }
    }

    private func rebuildFromLiveNodes() {
        let liveNodes = (0..<graph.nodeCount).filter { !graph.deleted[$0] }
        var ids: [UInt64] = []
        var rows = [Float](repeating: 0, count: liveNodes.count * dimension)
        ids.reserveCapacity(liveNodes.count)
        rows.withUnsafeMutableBufferPointer { rows in
            for (row, node) in liveNodes.enumerated() {
                ids.append(graph.ids[node])
                (exactStore ?? store).decode(slot: node, into: rows.baseAddress! + row * dimension)
            }
        }
        graph.removeAll()
        store.removeAll()
        exactStore?.removeAll()
        slotOfID.removeAll(keepingCapacity: true)
        entryPoint = nil
        maxLevel = 0
        tombstones = 0
        rows.withUnsafeBufferPointer { insert(ids: ids, rows: $0.baseAddress!) }
    }

    /// Adds rows as new nodes (replacing existing ids) and links them, in parallel when many.
    /// Caller holds the write lock.
    private func insert(ids newIDs: [UInt64], rows: UnsafePointer<Float>) {
        // Within one batch the last row for an id wins.
        var lastRow: [UInt64: Int] = [:]
        for (row, id) in newIDs.enumerated() { lastRow[id] = row }
        let order = newIDs.indices.filter { lastRow[newIDs[$0]] == $0 }

        let firstNode = graph.nodeCount
        graph.reserve(firstNode + order.count)
        store.reserve(firstNode + order.count)
        exactStore?.reserve(firstNode + order.count)
        for row in order {
            let id = newIDs[row]
            if let old = slotOfID[id] {
                graph.markDeleted(old)
                tombstones += 1
            }
            let node = graph.addNode(id: id, level: randomLevel())
            store.append(rows + row * dimension)
            exactStore?.append(rows + row * dimension)
            slotOfID[id] = node
        }

        let workers = order.count >= 256 ? threads : 1
        Parallel.forEach(workers) { worker in
            let scratch = InsertScratch(dimension: dimension)
            visitedSets.withVisitedSet(nodeCount: graph.nodeCount) { visited in
                for position in stride(from: worker, to: order.count, by: workers) {
                    link(node: UInt32(firstNode + position), query: rows + order[position] * dimension, visited: visited, scratch: scratch)
                }
            }
        }
    }

    private func randomLevel() -> Int {
        let uniform = Double(random.next() >> 11) * 0x1p-53
        let level = -log(max(uniform, .leastNonzeroMagnitude)) * levelScale
        return min(Int(level), HNSWGraph.maximumLevel)
    }

    // MARK: Search

    public func search(_ query: [Float], k: Int, filter: SearchFilter?) throws -> [SearchHit] {
        let prepared = try preparation.prepare(query)
        try FlatIndex.validate(k: k)
        return lock.withReadLock {
            prepared.withUnsafeBufferPointer { query in
                visitedSets.withVisitedSet(nodeCount: graph.nodeCount) { visited in
                    searchOne(query.baseAddress!, k: k, filter: filter, visited: visited, scratch: QueryScratch(dimension: dimension))
                }
            }
        }
    }

    public func search(batch queries: [Float], k: Int, filter: SearchFilter?) throws -> [[SearchHit]] {
        guard queries.count % dimension == 0 else {
            throw VectorIndexError.invalidArgument("\(queries.count) floats is not a whole number of \(dimension)-dimensional queries")
        }
        let queryCount = queries.count / dimension
        let prepared = try preparation.prepare(rows: queries, rowCount: queryCount)
        try FlatIndex.validate(k: k)
        return lock.withReadLock {
            let results = UnsafeMutableBufferPointer<[SearchHit]>.allocate(capacity: queryCount)
            results.initialize(repeating: [])
            defer {
                results.deinitialize()
                results.deallocate()
            }
            let workers = min(threads, queryCount)
            let dispenser = RunDispenser(count: queryCount, run: 16)
            prepared.withUnsafeBufferPointer { queries in
                Parallel.forEach(workers) { _ in
                    visitedSets.withVisitedSet(nodeCount: graph.nodeCount) { visited in
                        let scratch = QueryScratch(dimension: dimension)
                        while let run = dispenser.nextRun() {
                            for query in run {
                                visited.reset(nodeCount: graph.nodeCount)
                                results[query] = searchOne(queries.baseAddress! + query * dimension, k: k, filter: filter, visited: visited, scratch: scratch)
                            }
                        }
                    }
                }
            }
            return Array(results)
        }
    }

    private func searchOne(_ query: UnsafePointer<Float>, k: Int, filter: SearchFilter?, visited: VisitedSet, scratch: QueryScratch) -> [SearchHit] {
        guard k > 0, !slotOfID.isEmpty, let entryPoint else { return [] }
        if let allowed = filter?.allowedIDs, allowed.count <= parameters.exactFilterLimit {
            return exactSearch(query, k: k, nodes: allowed.lazy.compactMap { self.slotOfID[$0] })
        }
        let wanted = k * rerankFactor
        let prepared = store.scoringQuery(query, scratch: scratch)
        var current = ScoredNode(score: store.dot(prepared, slot: Int(entryPoint)), node: entryPoint)
        for level in stride(from: maxLevel, to: 0, by: -1) {
            current = greedyClosest(prepared, from: current, level: level, locking: false)
        }
        let found = searchLayer(
            prepared, entry: current, ef: max(currentEfSearch, wanted), level: 0,
            visited: visited, locking: false, returnsOnlyLive: true, filter: filter)
        var selector = TopKSelector(k: wanted)
        for candidate in found.items {
            selector.offer(score: candidate.score, id: graph.ids[Int(candidate.node)])
        }
        var hits = rerank(selector.sortedHits(), query: query, k: k)
        if let filter, hits.count < k, hits.count < slotOfID.count {
            // The filter excluded most of what the graph reached: score every allowed vector.
            hits = exactSearch(query, k: k, nodes: slotOfID.values.lazy.filter { filter.allows(self.graph.ids[Int($0)]) })
        }
        return hits
    }

    /// Scores `nodes` one by one: exactly when the index keeps float32 rows, else by the stored
    /// rows, re-ranking `k × rerankFactor` of them against the caller's source when it has one.
    private func exactSearch(_ query: UnsafePointer<Float>, k: Int, nodes: some Sequence<UInt32>) -> [SearchHit] {
        let scoring = exactStore ?? store
        var selector = TopKSelector(k: exactStore == nil ? k * rerankFactor : k)
        for node in nodes {
            selector.offer(score: scoring.dot(query, slot: Int(node)), id: graph.ids[Int(node)])
        }
        return exactStore == nil ? rerank(selector.sortedHits(), query: query, k: k) : selector.sortedHits()
    }

    private var exactRows: ExactRows? { ExactRows(copy: exactStore, source: rerankSource) }

    private func rerank(_ hits: [SearchHit], query: UnsafePointer<Float>, k: Int) -> [SearchHit] {
        guard let exactRows else { return hits }
        return exactRows.rerank(hits, query: query, k: k, dimension: dimension, metric: metric) { Int(self.slotOfID[$0]!) }
    }
}

/// Per-thread buffers for decoding stored rows and preparing them as queries while linking.
final class InsertScratch {
    let candidate: UnsafeMutablePointer<Float>
    let neighbour: UnsafeMutablePointer<Float>
    let queryCodes: QueryScratch
    let candidateCodes: QueryScratch
    let neighbourCodes: QueryScratch
    var neighbourList: [ScoredNode] = []

    init(dimension: Int) {
        candidate = .allocate(capacity: dimension)
        neighbour = .allocate(capacity: dimension)
        queryCodes = QueryScratch(dimension: dimension)
        candidateCodes = QueryScratch(dimension: dimension)
        neighbourCodes = QueryScratch(dimension: dimension)
    }

    deinit {
        candidate.deallocate()
        neighbour.deallocate()
    }
}

/// Small, fast, seedable generator (Steele, Lea & Flood) for layer assignment.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
