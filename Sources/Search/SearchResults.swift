import TesseraCore

/// The records a search found, best first, and how to present them.
public struct SearchResults: Sendable {
    public struct Hit: Sendable {
        public let record: Record
        /// Cosine similarity (semantic), negated BM25 (keyword) or the fused reciprocal-rank
        /// score (hybrid); higher is better.
        public let score: Double
        /// 1 for the best hit.
        public let rank: Int
    }

    public let table: Table
    public let mode: SearchMode
    public let presenter: RecordPresenter
    public let hits: [Hit]
}

extension SearchResults {
    /// Airtable-shaped records with their `score` and `rank`, as the HTTP API, the CLI's
    /// `--json` and the tools return them.
    public func json() -> JSONValue {
        .object([
            "mode": .string(mode.rawValue),
            "records": .array(
                hits.map { hit in
                    var object = presenter.present(hit.record).objectValue ?? [:]
                    object["score"] = .number(hit.score)
                    object["rank"] = .number(Double(hit.rank))
                    return .object(object)
                }),
        ])
    }
}

extension IndexStatus {
    public func json() -> JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(kind), "vectors": .number(Double(vectors)), "model": .string(model),
            "dimension": .number(Double(dimension)), "indexedThrough": .number(Double(indexedThrough)),
            "eventsBehind": .number(Double(eventsBehind)),
        ]
        if let reindex {
            object["reindex"] = ["done": .number(Double(reindex.done)), "total": .number(Double(reindex.total))]
        }
        return .object(object)
    }
}
