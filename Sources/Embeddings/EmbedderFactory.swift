import Foundation

/// Picks the embedder for a model directory: the model when its weights are there, else the
/// hashing fallback together with a warning to show the operator.
public enum EmbedderFactory {
    public struct Selection: Sendable {
        public let embedder: any Embedder
        /// Set when the fallback was chosen; callers log or print it, never swallow it.
        public let warning: String?
    }

    /// Where `scripts/fetch-model.sh` installs the model, relative to the working directory.
    public static let defaultModelPath = "models/all-MiniLM-L6-v2"

    /// Falls back only when the weights file is absent; weights that exist but do not load
    /// (corrupt, wrong shapes) are an error, because silently degrading would hide the fault.
    public static func makeEmbedder(modelDirectory: URL) throws -> Selection {
        let weights = modelDirectory.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weights.path) else {
            let fallback = HashingEmbedder()
            return Selection(
                embedder: fallback,
                warning: "WARNING: no embedding model at \(weights.path) (run scripts/fetch-model.sh); "
                    + "using '\(fallback.name)', which matches shared words only, not meaning"
            )
        }
        return Selection(embedder: try MiniLMEmbedder(modelDirectory: modelDirectory), warning: nil)
    }
}
