import Foundation
import Testing

@testable import Embeddings

@Suite struct EmbedderFactoryTests {
    @Test func fallsBackToHashingWithWarningWhenWeightsAreAbsent() throws {
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let selection = try EmbedderFactory.makeEmbedder(modelDirectory: directory)
        #expect(selection.embedder.name.contains("hashing"))
        let warning = try #require(selection.warning)
        #expect(warning.contains("scripts/fetch-model.sh"))
        #expect(warning.contains(directory.path))
    }

    @Test func picksTheModelWhenPresent() throws {
        _ = try TestFixtures.loadModel()
        let selection = try EmbedderFactory.makeEmbedder(modelDirectory: TestFixtures.modelDirectory)
        #expect(selection.warning == nil)
        #expect(selection.embedder is MiniLMEmbedder)
        #expect(selection.embedder.dimension == 384)
    }

    @Test func corruptWeightsAreAnErrorNotAFallback() throws {
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("garbage".utf8).write(to: directory.appendingPathComponent("model.safetensors"))
        #expect(throws: EmbeddingError.self) { try EmbedderFactory.makeEmbedder(modelDirectory: directory) }
    }
}
