import Foundation
import Testing

@testable import Embeddings

@Suite struct MiniLMEmbedderTests {
    /// ≥ 1,000 corpus sentences against the float64 reference forward pass: max abs difference
    /// ≤ 1e-5 and cosine ≥ 0.99999 per sentence. Embedded in batches of 32 as callers would.
    @Test func matchesReferenceEmbeddings() async throws {
        let corpus = try TestFixtures.corpus()
        let reference = try TestFixtures.referenceEmbeddings()
        #expect(reference.indices.count >= 1_000)
        let embedder = try TestFixtures.loadModel()
        #expect(embedder.dimension == 384)

        var worstDifference: Double = 0
        var worstCosine: Double = 1
        var failures: [String] = []
        for batchStart in stride(from: 0, to: reference.indices.count, by: 32) {
            let batchIndices = Array(reference.indices[batchStart..<min(batchStart + 32, reference.indices.count)])
            let batch = await embedder.embedBatch(batchIndices.map { corpus[$0].text })
            for (offset, corpusIndex) in batchIndices.enumerated() {
                let expected = reference.vectors[batchStart + offset]
                let actual = batch[offset].map(Double.init)
                let difference = zip(actual, expected).map { abs($0 - $1) }.max() ?? .infinity
                let cosine =
                    zip(actual, expected).reduce(0) { $0 + $1.0 * $1.1 }
                    / (Self.norm(actual) * Self.norm(expected))
                worstDifference = max(worstDifference, difference)
                worstCosine = min(worstCosine, cosine)
                if difference > 1e-5 || cosine < 0.99999 {
                    failures.append("line \(corpusIndex) \(corpus[corpusIndex].text.prefix(40).debugDescription): max diff \(difference), cosine \(cosine)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) sentences off (worst diff \(worstDifference), worst cosine \(worstCosine)): \(failures.prefix(5))")
    }

    @Test func batchingDoesNotChangeVectors() async throws {
        let embedder = try TestFixtures.loadModel()
        let texts = ["A short one.", "", "A much longer sentence that has quite a few more tokens in it than the others do.", "東京"]
        let together = await embedder.embedBatch(texts)
        for (index, text) in texts.enumerated() {
            let alone = await embedder.embedBatch([text])
            let difference = zip(alone[0], together[index]).map { abs($0 - $1) }.max() ?? .infinity
            #expect(difference < 1e-6, "text \(index) differs by \(difference) between batch and single")
        }
    }

    @Test func vectorsAreUnitLengthAndMeaningful() async throws {
        let embedder = try TestFixtures.loadModel()
        let vectors = try await embedder.embed(["A cat sits on the mat.", "A kitten is sitting on a rug.", "Quarterly revenue grew by ten percent."])
        #expect(vectors.count == 3)
        for vector in vectors {
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
        func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.3)
    }

    @Test func reportsTruncatedTexts() async throws {
        let embedder = try TestFixtures.loadModel()
        let long = Array(repeating: "word", count: 300).joined(separator: " ")
        let batch = await embedder.embedBatch(["short", long, "also short"])
        #expect(batch.truncatedIndices == [1])
        #expect(batch.count == 3)
    }

    @Test func emptyInputGivesNoVectors() async throws {
        #expect(try await TestFixtures.loadModel().embedBatch([]).count == 0)
    }

    @Test func theNameComesFromTheFilesNotTheFolder() throws {
        let renamed = try TestFixtures.modelCopy()
        defer { try? FileManager.default.removeItem(at: renamed) }
        #expect(renamed.lastPathComponent != "all-MiniLM-L6-v2")
        #expect(try MiniLMEmbedder(modelDirectory: renamed).name == "all-MiniLM-L6-v2")

        // Other files are another model, named by shape and fingerprint.
        let vocabulary = String(decoding: try TestFixtures.modelFile("vocab.txt"), as: UTF8.self)
            .replacingOccurrences(of: "[unused0]", with: "[unused-zero]")
        let other = try TestFixtures.modelCopy(replacing: "vocab.txt", with: Data(vocabulary.utf8))
        defer { try? FileManager.default.removeItem(at: other) }
        let name = try MiniLMEmbedder(modelDirectory: other).name
        #expect(name.hasPrefix("bert-6x384-") && name.count == "bert-6x384-".count + 12, "\(name)")
    }

    @Test func theCompiledChecksumsAreTheScriptsChecksums() throws {
        let file = TestFixtures.repositoryRoot.appendingPathComponent("models/all-MiniLM-L6-v2.sha256")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        let checksums = Dictionary(
            uniqueKeysWithValues: lines.map { line in
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                return (String(parts[1]), String(parts[0]))
            })
        #expect(checksums == KnownModel.miniLM.files)
    }

    @Test func missingVocabularyIsNamed() throws {
        let directory = try TestFixtures.modelCopy(removing: "vocab.txt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EmbeddingError.self) { try MiniLMEmbedder(modelDirectory: directory) }
        #expect(error?.description.contains("vocab.txt") == true)
    }

    @Test func truncatedWeightsAreNamed() throws {
        let weights = try TestFixtures.modelFile("model.safetensors")
        let directory = try TestFixtures.modelCopy(replacing: "model.safetensors", with: weights.prefix(weights.count / 2))
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EmbeddingError.self) { try MiniLMEmbedder(modelDirectory: directory) }
        #expect(error?.code == .invalidSafetensors)
        #expect(error?.description.contains("model.safetensors") == true)
    }

    @Test func configDisagreeingWithWeightsIsNamed() throws {
        let config = String(decoding: try TestFixtures.modelFile("config.json"), as: UTF8.self)
            .replacingOccurrences(of: "\"intermediate_size\": 1536", with: "\"intermediate_size\": 1024")
        let directory = try TestFixtures.modelCopy(replacing: "config.json", with: Data(config.utf8))
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EmbeddingError.self) { try MiniLMEmbedder(modelDirectory: directory) }
        #expect(error?.code == .tensorShapeMismatch)
        #expect(error?.description.contains("model.safetensors") == true)
        #expect(error?.description.contains("intermediate.dense") == true)
    }

    @Test func unsupportedActivationIsRejected() throws {
        let config = String(decoding: try TestFixtures.modelFile("config.json"), as: UTF8.self)
            .replacingOccurrences(of: "\"hidden_act\": \"gelu\"", with: "\"hidden_act\": \"relu\"")
        let directory = try TestFixtures.modelCopy(replacing: "config.json", with: Data(config.utf8))
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EmbeddingError.self) { try MiniLMEmbedder(modelDirectory: directory) }
        #expect(error?.code == .invalidConfig)
        #expect(error?.description.contains("config.json") == true)
    }

    static func norm(_ vector: [Double]) -> Double {
        vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
}
