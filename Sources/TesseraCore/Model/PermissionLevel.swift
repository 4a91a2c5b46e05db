/// A workspace member's permission level, ordered from least to most.
public enum PermissionLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case read
    case comment
    case edit
    case create
    case owner

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: PermissionLevel, rhs: PermissionLevel) -> Bool { lhs.rank < rhs.rank }
}
