import Foundation

/// Picks the embedder for a model directory: the model when its weights are there, else the
/// hashing fallback together with a warning to show the operator.
public enum EmbedderFactory {
    public struct Selection: Sendable {
        public let embedder: any Embedder
        /// Set when the fallback was chosen; callers log or print it, never swallow it.
        public let warning: String?
    }

    /// The folder name the default model is installed under (`scripts/fetch-model.sh`).
    public static let defaultModelName = "all-MiniLM-L6-v2"

    /// Whether `directory` holds a model's weights.
    public static func holdsWeights(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path)
    }

    /// Falls back only when the weights file is absent; weights that exist but do not load
    /// (corrupt, wrong shapes) are an error, because silently degrading would hide the fault.
    public static func makeEmbedder(modelDirectory: URL) throws -> Selection {
        let weights = modelDirectory.appendingPathComponent("model.safetensors")
        guard holdsWeights(modelDirectory) else {
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
