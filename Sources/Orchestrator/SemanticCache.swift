import Embeddings
import VectorIndex

/// Answers to earlier last questions that mean the same, within one conversation: the last user
/// message is embedded with the local model and looked up in a flat vector index per
/// conversation key. Off unless a similarity threshold is configured; in memory, per node.
actor SemanticCache {
    private struct Conversation {
        let index: FlatIndex
        var answers: [UInt64: CachedAnswer] = [:]
    }

    private let embedder: any Embedder
    private let threshold: Float
    private let capacity: Int
    private var conversations: [CacheKey: Conversation] = [:]
    private var order: [CacheKey] = []
    private var nextID: UInt64 = 0

    init(embedder: any Embedder, threshold: Float, capacity: Int) {
        self.embedder = embedder
        self.threshold = threshold
        self.capacity = max(1, capacity)
    }

    /// The question's vector, computed once per turn for both lookup and store.
    nonisolated func vector(for question: String) async throws -> [Float] {
        try await embedder.embed([question])[0]
    }

    func answer(for key: CacheKey, vector: [Float]) throws -> CachedAnswer? {
        guard let conversation = conversations[key],
            let best = try conversation.index.search(vector, k: 1, filter: nil).first,
            best.score >= threshold
        else { return nil }
        return conversation.answers[best.id]
    }

    func store(_ answer: CachedAnswer, for key: CacheKey, vector: [Float]) throws {
        if conversations[key] == nil {
            conversations[key] = Conversation(index: try FlatIndex(dimension: vector.count, threads: 1))
            order.append(key)
            if order.count > capacity { conversations[order.removeFirst()] = nil }
        }
        nextID += 1
        try conversations[key]?.index.upsert(id: nextID, vector: vector)
        conversations[key]?.answers[nextID] = answer
    }
}
