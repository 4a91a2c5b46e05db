/// Everything that can go wrong in this module, each with a message that says what to fix.
public enum VectorIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    case dimensionMismatch(expected: Int, actual: Int)
    case invalidVector(String)
    case invalidArgument(String)
    case corruptFile(String)
    case unsupportedVersion(found: UInt16, supported: UInt16)
    case wrongIndexKind(expected: String, found: String)
    case fileSystem(String)

    public var description: String {
        switch self {
        case .dimensionMismatch(let expected, let actual):
            "vector has \(actual) dimensions, the index has \(expected)"
        case .invalidVector(let reason):
            "invalid vector: \(reason)"
        case .invalidArgument(let reason):
            "invalid argument: \(reason)"
        case .corruptFile(let reason):
            "corrupt index file: \(reason)"
        case .unsupportedVersion(let found, let supported):
            "index file format version \(found) is not supported (this build reads version \(supported))"
        case .wrongIndexKind(let expected, let found):
            "index file holds a \(found) index, expected \(expected)"
        case .fileSystem(let reason):
            "index file: \(reason)"
        }
    }
}
