internal import CBLAS

/// Exact scores of many queries with top-k selection fused in, on x86-64 machines with AVX2 and
/// FMA (`FlatIndex` uses blocked `sgemm` elsewhere).
///
/// With `sgemm`, every block of scores goes out to memory and is read back by the selection,
/// and the work passes between BLAS's threads and the selection's threads at every block. Here
/// a register-tiled kernel (`tessera_scores_at_least`) hands back only the scores that can still
/// enter a query's top k, and each worker thread takes blocks of rows as it frees up and keeps
/// its own selectors, merged at the end.
struct TiledBatchScan {
    static let isAvailable = tessera_avx2_fma_available() != 0

    /// Rows packed per kernel call: 384 components × 256 rows (384 KiB) stay in L2 while every
    /// query panel goes by, and the thresholds catch up with the selectors after each block.
    static let rowBlock = 256

    let dimension: Int
    let store: VectorStore
    let ids: UnsafeBufferPointer<UInt64>
    let filter: SearchFilter?
    let threads: Int

    /// The `wanted` best rows for each of `queryCount` queries.
    func select(_ queries: UnsafePointer<Float>, queryCount: Int, wanted: Int) -> [TopKSelector] {
        let packedQueries = UnsafeMutablePointer<Float>.allocate(capacity: Self.packedCount(queryCount, panel: Int(TESSERA_QUERY_PANEL)) * dimension)
        defer { packedQueries.deallocate() }
        tessera_pack_panels(queries, Int32(queryCount), Int32(dimension), Int32(TESSERA_QUERY_PANEL), packedQueries)

        let blocks = (ids.count + Self.rowBlock - 1) / Self.rowBlock
        let workers = max(1, min(threads, blocks))
        let partials = UnsafeMutableBufferPointer<[TopKSelector]>.allocate(capacity: workers)
        partials.initialize(repeating: [])
        defer {
            partials.deinitialize()
            partials.deallocate()
        }
        let dispenser = RunDispenser(count: ids.count, run: Self.rowBlock)
        Parallel.forEach(workers) { worker in
            partials[worker] = scan(dispenser, packedQueries: packedQueries, queryCount: queryCount, wanted: wanted)
        }
        var selectors = partials[0]
        for partial in partials.dropFirst() {
            for query in 0..<queryCount { selectors[query].merge(partial[query]) }
        }
        return selectors
    }

    /// Scans the row blocks `dispenser` hands this worker, for every query.
    private func scan(_ dispenser: borrowing RunDispenser, packedQueries: UnsafePointer<Float>, queryCount: Int, wanted: Int) -> [TopKSelector] {
        var selectors = [TopKSelector](repeating: TopKSelector(k: wanted), count: queryCount)
        var thresholds = [Float](repeating: -.infinity, count: queryCount)
        let packedRows = UnsafeMutablePointer<Float>.allocate(capacity: Self.rowBlock * dimension)
        let decoded: UnsafeMutablePointer<Float>? = store.floatRows == nil ? .allocate(capacity: Self.rowBlock * dimension) : nil
        let found = UnsafeMutablePointer<tessera_candidate>.allocate(capacity: queryCount * Self.rowBlock)
        defer {
            packedRows.deallocate()
            decoded?.deallocate()
            found.deallocate()
        }
        while let block = dispenser.nextRun() {
            let (start, rowCount) = (block.lowerBound, block.count)
            let rows = store.floatRows(from: start, count: rowCount, scratch: decoded)
            tessera_pack_panels(rows, Int32(rowCount), Int32(dimension), Int32(TESSERA_ROW_PANEL), packedRows)
            let foundCount = tessera_scores_at_least(
                packedQueries, Int32(queryCount), packedRows, Int32(rowCount),
                Int32(dimension), thresholds, found)
            for candidate in UnsafeBufferPointer(start: found, count: foundCount) {
                let id = ids[start + Int(candidate.row)]
                if let filter, !filter.allows(id) { continue }
                let query = Int(candidate.query)
                selectors[query].offer(score: candidate.score, id: id)
                thresholds[query] = selectors[query].threshold
            }
        }
        return selectors
    }

    /// Rows that `count` rows take up packed in panels of `panel`, the last panel's padding included.
    private static func packedCount(_ count: Int, panel: Int) -> Int {
        (count + panel - 1) / panel * panel
    }
}
