import Metrics

/// What search reports for `/metrics`: the size of the in-memory indexes, how far the indexer
/// is behind the events log, embedding throughput and query latency by mode.
enum SearchMetrics {
    static let vectors = Gauge(label: "tessera_search_index_vectors")
    static let eventsBehind = Gauge(label: "tessera_search_index_events_behind")
    static let embeddedTexts = Counter(label: "tessera_embedding_texts_total")
    static let embeddingBatches = Timer(label: "tessera_embedding_batch_seconds", preferredDisplayUnit: .seconds)
    private static let queries = Dictionary(
        uniqueKeysWithValues: SearchMode.allCases.map { ($0, Timer(label: "tessera_search_query_seconds", dimensions: [("mode", $0.rawValue)])) })

    static func query(_ mode: SearchMode) -> Timer { queries[mode]! }
}
