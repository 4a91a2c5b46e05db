/// What rendering cells needs beyond the record: the people collaborator fields name, and the
/// primary values of linked records (for `cellFormat=string` and readers that expand links).
public struct RelatedValues: Sendable, Equatable {
    public var users: [String: User]
    /// Record id → its primary field's text.
    public var linkNames: [String: String]

    public init(users: [String: User] = [:], linkNames: [String: String] = [:]) {
        self.users = users
        self.linkNames = linkNames
    }
}
