import Foundation
import Testing

@testable import Embeddings

/// Where the tests find the model and the generated references, and the temp files they make.
enum TestFixtures {
    struct MissingFixture: Error, CustomStringConvertible {
        let description: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var modelDirectory: URL {
        ProcessInfo.processInfo.environment["TESSERA_EMBEDDING_MODEL"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.appendingPathComponent("models/all-MiniLM-L6-v2")
    }

    static var referenceDirectory: URL {
        ProcessInfo.processInfo.environment["TESSERA_EMBEDDING_REFERENCE"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.appendingPathComponent(".build-ref/embeddings")
    }

    /// The real model; a missing model fails the test with the command that fetches it.
    static func loadModel() throws -> MiniLMEmbedder {
        try requireModel()
        return try MiniLMEmbedder(modelDirectory: modelDirectory)
    }

    static func modelFile(_ name: String) throws -> Data {
        try requireModel()
        return try Data(contentsOf: modelDirectory.appendingPathComponent(name))
    }

    private static func requireModel() throws {
        let weights = modelDirectory.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw MissingFixture(description: "no model at \(modelDirectory.path): run scripts/fetch-model.sh")
        }
    }

    static func referenceData(_ name: String) throws -> Data {
        let url = referenceDirectory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingFixture(
                description: """
                    no reference file \(url.path): run scripts/fetch-model.sh, then \
                    .venv/bin/python Tests/EmbeddingsTests/reference/make_reference.py
                    """)
        }
        return try Data(contentsOf: url)
    }

    struct CorpusLine: Decodable {
        let text: String
        let ids: [Int32]
        let truncated: Bool
    }

    static func corpus() throws -> [CorpusLine] {
        try JSONDecoder().decode([CorpusLine].self, from: referenceData("corpus.json"))
    }

    struct ReferenceEmbeddings: Decodable {
        let indices: [Int]
        let vectors: [[Double]]
    }

    static func referenceEmbeddings() throws -> ReferenceEmbeddings {
        try JSONDecoder().decode(ReferenceEmbeddings.self, from: referenceData("embeddings.json"))
    }

    /// A fresh directory for one test; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("embeddings-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the model directory's small files plus a symlink to (or a given replacement
    /// of) the weights, for tests that break one file.
    static func modelCopy(replacing file: String? = nil, with contents: Data? = nil, removing removed: String? = nil) throws -> URL {
        try requireModel()
        let copy = try temporaryDirectory()
        for name in ["config.json", "vocab.txt", "tokenizer_config.json", "sentence_bert_config.json", "model.safetensors"] where name != removed {
            let target = copy.appendingPathComponent(name)
            if name == file, let contents {
                try contents.write(to: target)
            } else if name == "model.safetensors" {
                try FileManager.default.createSymbolicLink(at: target, withDestinationURL: modelDirectory.appendingPathComponent(name))
            } else {
                try FileManager.default.copyItem(at: modelDirectory.appendingPathComponent(name), to: target)
            }
        }
        return copy
    }
}
