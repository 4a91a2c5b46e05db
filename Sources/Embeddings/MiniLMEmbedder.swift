import Foundation

/// all-MiniLM-L6-v2 (or any BERT sentence-transformer with mean pooling) run in process:
/// WordPiece tokenizer, BERT encoder on BLAS, mean pooling, L2 normalization.
///
/// Reads `config.json`, `vocab.txt`, `model.safetensors` (memory-mapped) and, when present,
/// `tokenizer_config.json` and `sentence_bert_config.json` from the model directory.
public struct MiniLMEmbedder: Embedder {
    public let name: String
    public let tokenizer: BertTokenizer
    let encoder: BertEncoder

    /// Bounds the activation memory of one forward pass (about 15 KB per token).
    static let maxTokensPerPass = 2048
    /// The sequence length the sentence-transformers model was trained with, when its
    /// `sentence_bert_config.json` does not say.
    static let defaultMaxSequenceLength = 256

    public var dimension: Int { encoder.config.hiddenSize }

    public init(modelDirectory: URL) throws {
        let config = try BertConfig(contentsOf: modelDirectory.appendingPathComponent("config.json"))
        let maxLength = try min(Self.maxSequenceLength(in: modelDirectory), config.maxPositions)
        let tokenizer = try BertTokenizer(modelDirectory: modelDirectory, maxLength: maxLength)
        guard tokenizer.vocabularySize <= config.vocabularySize else {
            throw EmbeddingError(
                .invalidVocabulary, file: modelDirectory.appendingPathComponent("vocab.txt").path,
                "vocabulary has \(tokenizer.vocabularySize) tokens but the model embeds only \(config.vocabularySize)"
            )
        }
        let file = try SafetensorsFile(path: modelDirectory.appendingPathComponent("model.safetensors").path)
        self.name = try ModelName.of(weights: file, vocabulary: modelDirectory.appendingPathComponent("vocab.txt"), config: config)
        self.tokenizer = tokenizer
        self.encoder = BertEncoder(config: config, weights: try BertWeights(file: file, config: config))
    }

    public var isStandIn: Bool { false }

    public func tokenCount(_ texts: [String]) -> Int {
        texts.reduce(0) { $0 + tokenizer.tokenize($1).ids.count }
    }

    /// Embeds `texts` off Swift concurrency's cooperative pool: its threads (one per core) run
    /// every request handler, and a forward pass holding one for tens of milliseconds would
    /// stall requests that only wait on I/O.
    public func embedBatch(_ texts: [String]) async -> EmbeddingBatch {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: encodeBatch(texts)) }
        }
    }

    /// Embeds `texts` into one flat buffer on the calling thread and reports which texts were truncated.
    public func encodeBatch(_ texts: [String]) -> EmbeddingBatch {
        let tokenized = texts.map(tokenizer.tokenize)
        var vectors = [Float](repeating: 0, count: texts.count * dimension)
        vectors.withUnsafeMutableBufferPointer { output in
            var passStart = 0
            while passStart < tokenized.count {
                var passEnd = passStart
                var tokens = 0
                while passEnd < tokenized.count, passEnd == passStart || tokens + tokenized[passEnd].ids.count <= Self.maxTokensPerPass {
                    tokens += tokenized[passEnd].ids.count
                    passEnd += 1
                }
                encoder.encode(tokenized[passStart..<passEnd].map(\.ids), into: output.baseAddress! + passStart * dimension)
                passStart = passEnd
            }
        }
        let truncated = tokenized.indices.filter { tokenized[$0].wasTruncated }
        return EmbeddingBatch(vectors: vectors, dimension: dimension, truncatedIndices: truncated)
    }

    private static func maxSequenceLength(in modelDirectory: URL) throws -> Int {
        struct SentenceTransformerConfig: Decodable {
            let maxSequenceLength: Int
            enum CodingKeys: String, CodingKey { case maxSequenceLength = "max_seq_length" }
        }
        let url = modelDirectory.appendingPathComponent("sentence_bert_config.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return defaultMaxSequenceLength }
        do {
            let length = try JSONDecoder().decode(SentenceTransformerConfig.self, from: Data(contentsOf: url)).maxSequenceLength
            guard length >= 2 else {
                throw EmbeddingError(.invalidConfig, file: url.path, "max_seq_length \(length) leaves no room for [CLS] and [SEP]")
            }
            return length
        } catch let error as EmbeddingError {
            throw error
        } catch {
            throw EmbeddingError(.invalidConfig, file: url.path, "cannot read max_seq_length: \(error)")
        }
    }
}
