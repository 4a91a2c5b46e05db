/// How a search ranks records.
public enum SearchMode: String, Sendable, CaseIterable {
    /// By meaning: cosine similarity of embeddings.
    case semantic
    /// By words: SQLite FTS5 (BM25) or PostgreSQL full-text.
    case keyword
    /// Both lists fused by reciprocal rank.
    case hybrid
}
