import Crypto
import Foundation

/// A model's name, from its files rather than its folder: the name under which its vectors are
/// stored and `/v1/embeddings` serves it. Known weights keep their published name wherever they
/// are installed; other weights are named by shape and fingerprint, so vectors of different
/// weights are never mixed under one name.
enum ModelName {
    static func of(weights: SafetensorsFile, vocabulary: URL, config: BertConfig) throws -> String {
        let fingerprint = try Self.fingerprint(weights: weights, vocabulary: vocabulary)
        return KnownModel.all.first { $0.fingerprint == fingerprint }?.name
            ?? "bert-\(config.layerCount)x\(config.hiddenSize)-\(fingerprint.prefix(12))"
    }

    static func fingerprint(weights: SafetensorsFile, vocabulary: URL) throws -> String {
        var hasher = SHA256()
        weights.fingerprint(into: &hasher)
        hasher.update(data: try Data(contentsOf: vocabulary))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
