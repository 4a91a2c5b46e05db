import Foundation

/// HNSW payload (after the common header of ``IndexFile``):
///
///     UInt32 m, efConstruction, efSearch, exactFilterLimit, rerankFactor (top bit: re-ranks
///            against the caller's ``RerankSource``, no float32 rows follow)
///     UInt64 random state, node count, tombstone count
///     UInt32 entry point (UInt32.max when empty), UInt8 top level
///     per node: UInt64 id, UInt8 level, UInt8 deleted
///     per node: layer-0 list (2m + 1 UInt32); then for each node above layer 0 its upper
///               lists (level × (m + 1) UInt32)
///     stored rows, then the float32 re-ranking rows when kept
extension HNSWIndex {
    public func save(to url: URL) throws {
        let (file, payload) = lock.withReadLock { () -> (IndexFile, [UInt8]) in
            let nodes = graph.nodeCount
            var writer = BinaryWriter(reservingCapacity: graph.memoryBytes + store.memoryBytes + (exactStore?.memoryBytes ?? 0) + 64)
            writer.append(UInt32(parameters.m))
            writer.append(UInt32(parameters.efConstruction))
            writer.append(UInt32(currentEfSearch))
            writer.append(UInt32(parameters.exactFilterLimit))
            writer.append(ExactRows.encode(factor: rerankFactor, fromSource: rerankSource != nil))
            writer.append(random.state)
            writer.append(UInt64(nodes))
            writer.append(UInt64(tombstones))
            writer.append(entryPoint ?? UInt32.max)
            writer.append(UInt8(maxLevel))
            for node in 0..<nodes {
                writer.append(graph.ids[node])
                writer.append(graph.levels[node])
                writer.append(UInt8(graph.deleted[node] ? 1 : 0))
            }
            for node in 0..<nodes {
                writer.append(raw: graph.links(of: UInt32(node), level: 0), count: graph.level0Stride * 4)
            }
            for node in 0..<nodes where graph.levels[node] > 0 {
                writer.append(raw: graph.links(of: UInt32(node), level: 1), count: Int(graph.levels[node]) * (graph.m + 1) * 4)
            }
            store.write(to: &writer)
            exactStore?.write(to: &writer)
            let file = IndexFile(kind: .hnsw, metric: metric, encoding: encoding, dimension: dimension, liveCount: slotOfID.count)
            return (file, writer.bytes)
        }
        try file.write(payload: payload, to: url)
    }

    /// Reads an index written by ``save(to:)``, checking every link so a damaged file cannot
    /// send a search out of bounds. An index saved re-ranking against a ``RerankSource`` needs
    /// one again; other indexes ignore `rerankSource`.
    public static func load(
        from url: URL, rerankSource: (any RerankSource)? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> HNSWIndex {
        try IndexFile.read(from: url, expecting: .hnsw) { file, reader in
            let m = Int(try reader.read(UInt32.self))
            let efConstruction = Int(try reader.read(UInt32.self))
            let efSearch = Int(try reader.read(UInt32.self))
            let exactFilterLimit = Int(try reader.read(UInt32.self))
            let reranking = ExactRows.decode(try reader.read(UInt32.self))
            let source = try ExactRows.source(rerankSource, forFileThatUsesOne: reranking.fromSource)
            let randomState = try reader.read(UInt64.self)
            let parameters = HNSWParameters(m: m, efConstruction: efConstruction, efSearch: efSearch, exactFilterLimit: exactFilterLimit)
            let index: HNSWIndex
            do {
                index = try HNSWIndex(
                    dimension: file.dimension, metric: file.metric, encoding: file.encoding,
                    parameters: parameters, rerankFactor: max(reranking.factor, 1), rerankSource: source, threads: threads)
            } catch let error as VectorIndexError {
                throw VectorIndexError.corruptFile("stored parameters are invalid: \(error)")
            }
            index.random = SplitMix64(seed: randomState)
            let nodes = try reader.readCount(bytesEach: 10 + index.graph.level0Stride * 4, what: "node")
            guard nodes < Int(UInt32.max) else { throw VectorIndexError.corruptFile("too many nodes") }
            let tombstones = Int(try reader.read(UInt64.self))
            let entry = try reader.read(UInt32.self)
            let topLevel = Int(try reader.read(UInt8.self))

            let graph = index.graph
            graph.reserve(nodes)
            for _ in 0..<nodes {
                let id = try reader.read(UInt64.self)
                let level = Int(try reader.read(UInt8.self))
                let deleted = try reader.read(UInt8.self)
                guard level <= HNSWGraph.maximumLevel, deleted <= 1 else {
                    throw VectorIndexError.corruptFile("node level \(level) or deleted flag \(deleted) out of range")
                }
                let node = graph.addNode(id: id, level: level)
                if deleted == 1 {
                    graph.markDeleted(node)
                } else if index.slotOfID.updateValue(node, forKey: id) != nil {
                    throw VectorIndexError.corruptFile("id \(id) is live twice")
                }
            }
            for node in 0..<nodes {
                try readLinks(into: graph.links(of: UInt32(node), level: 0), limit: graph.m0, nodes: nodes, reader: &reader)
            }
            for node in 0..<nodes {
                for level in stride(from: 1, through: Int(graph.levels[node]), by: 1) {
                    try readLinks(into: graph.links(of: UInt32(node), level: level), limit: graph.m, nodes: nodes, reader: &reader)
                }
            }
            try index.store.read(rows: nodes, from: &reader)
            try index.exactStore?.read(rows: nodes, from: &reader)

            guard index.slotOfID.count == file.liveCount, tombstones == nodes - index.slotOfID.count else {
                throw VectorIndexError.corruptFile("live and deleted counts do not match the nodes")
            }
            if nodes > 0 {
                guard Int(entry) < nodes, Int(graph.levels[Int(entry)]) == topLevel else {
                    throw VectorIndexError.corruptFile("entry point \(entry) is not a top-level node")
                }
                index.entryPoint = entry
                index.maxLevel = topLevel
            } else if entry != UInt32.max {
                throw VectorIndexError.corruptFile("empty graph with an entry point")
            }
            index.tombstones = tombstones
            return index
        }
    }

    private static func readLinks(into list: UnsafeMutablePointer<UInt32>, limit: Int, nodes: Int, reader: inout BinaryReader) throws {
        try reader.copy(into: UnsafeMutableRawPointer(list), count: (limit + 1) * 4)
        let count = Int(UInt32(littleEndian: list[0]))
        guard count <= limit else { throw VectorIndexError.corruptFile("link list of \(count) exceeds \(limit)") }
        for index in 0...limit {
            list[index] = UInt32(littleEndian: list[index])
        }
        for index in 1..<(count + 1) where Int(list[index]) >= nodes {
            throw VectorIndexError.corruptFile("link to node \(list[index]) of \(nodes)")
        }
    }
}
