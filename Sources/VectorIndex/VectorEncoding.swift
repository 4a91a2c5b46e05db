/// How an index keeps its vectors in memory.
public enum VectorEncoding: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Full precision, 4 bytes per dimension.
    case float32 = 0
    /// IEEE half precision, 2 bytes per dimension.
    case float16 = 1
    /// Symmetric 8-bit codes with one scale per vector, 1 byte per dimension plus 4.
    case int8 = 2

    var bytesPerComponent: Int {
        switch self {
        case .float32: 4
        case .float16: 2
        case .int8: 1
        }
    }

    public var description: String {
        switch self {
        case .float32: "float32"
        case .float16: "float16"
        case .int8: "int8"
        }
    }
}
