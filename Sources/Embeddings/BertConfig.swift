import Foundation

/// The architecture fields of a Hugging Face BERT `config.json`.
struct BertConfig: Decodable, Equatable, Sendable {
    var vocabularySize: Int
    var hiddenSize: Int
    var layerCount: Int
    var headCount: Int
    var intermediateSize: Int
    var maxPositions: Int
    var tokenTypeCount: Int
    var layerNormEpsilon: Float
    var activation: String

    private enum CodingKeys: String, CodingKey {
        case vocabularySize = "vocab_size"
        case hiddenSize = "hidden_size"
        case layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case maxPositions = "max_position_embeddings"
        case tokenTypeCount = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case activation = "hidden_act"
    }

    var headSize: Int { hiddenSize / headCount }

    init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EmbeddingError(.invalidConfig, file: url.path, "cannot read model config: \(error.localizedDescription)")
        }
        do {
            self = try JSONDecoder().decode(Self.self, from: data)
        } catch {
            throw EmbeddingError(.invalidConfig, file: url.path, "not a BERT config: \(error)")
        }
        try validate(file: url.path)
    }

    private func validate(file: String) throws {
        func fail(_ reason: String) -> EmbeddingError { EmbeddingError(.invalidConfig, file: file, reason) }
        let sizes = [vocabularySize, hiddenSize, layerCount, headCount, intermediateSize, maxPositions, tokenTypeCount]
        guard sizes.allSatisfy({ $0 > 0 }) else { throw fail("sizes must be positive") }
        guard hiddenSize % headCount == 0 else {
            throw fail("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
        }
        // The encoder implements the erf form of GELU only; the tanh approximation would drift.
        guard activation == "gelu" else { throw fail("hidden_act \(activation) is not supported (only gelu)") }
    }
}
