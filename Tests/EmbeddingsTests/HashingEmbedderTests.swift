import Foundation
import Testing

@testable import Embeddings

@Suite struct HashingEmbedderTests {
    @Test func isDeterministicUnitLengthAndLabelled() async throws {
        let embedder = HashingEmbedder()
        #expect(embedder.name.contains("hashing"))
        #expect(embedder.dimension == 384)
        let first = try await embedder.embed(["The quick brown fox", "jumps over the lazy dog"])
        let second = try await HashingEmbedder().embed(["The quick brown fox", "jumps over the lazy dog"])
        #expect(first == second)
        for vector in first {
            #expect(vector.count == 384)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
    }

    @Test func sharedWordsScoreHigherThanUnrelatedText() {
        let embedder = HashingEmbedder()
        func cosine(_ a: String, _ b: String) -> Float {
            zip(embedder.vector(for: a), embedder.vector(for: b)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        #expect(
            cosine("invoice overdue payment", "the payment on this invoice is overdue") > cosine("invoice overdue payment", "sunny weather at the beach") + 0.3)
        #expect(abs(cosine("Hello, World!", "hello world") - 1) < 1e-5, "case and punctuation are normalized away")
    }

    @Test func emptyTextGivesZeroVector() {
        #expect(HashingEmbedder(dimension: 8).vector(for: "  ").allSatisfy { $0 == 0 })
    }
}
