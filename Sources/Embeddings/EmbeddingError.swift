/// Why a model could not be loaded or run. `file` names the file at fault when there is one.
public struct EmbeddingError: Error, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        case fileUnreadable
        case invalidSafetensors
        case missingTensor
        case tensorShapeMismatch
        case invalidConfig
        case invalidVocabulary
    }

    public let code: Code
    public let file: String?
    public let reason: String

    public init(_ code: Code, file: String? = nil, _ reason: String) {
        self.code = code
        self.file = file
        self.reason = reason
    }

    public var description: String {
        if let file { return "\(file): \(reason)" }
        return reason
    }
}
