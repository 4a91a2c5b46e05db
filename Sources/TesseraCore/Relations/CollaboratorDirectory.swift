import Foundation

/// The people a collaborator cell may name: the members of the base's workspace, by id and by
/// email. Cells store user ids; the API shows Airtable's collaborator objects.
public struct CollaboratorDirectory: Sendable, Equatable {
    private let byID: [String: User]
    private let byEmail: [String: User]

    public init(members: [User]) {
        byID = Dictionary(members.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        byEmail = Dictionary(members.map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func user(id: String) -> User? { byID[id] }

    /// A member named by `{"id"}`, `{"email"}`, or (with typecast) a bare id or email.
    func member(_ value: JSONValue, typecast: Bool) -> User? {
        switch value {
        case .object(let members):
            if let id = members["id"]?.stringValue { return byID[id] }
            if let email = members["email"]?.stringValue { return byEmail[email.lowercased()] }
            return nil
        case .string(let text) where typecast:
            return byID[text] ?? byEmail[text.trimmingCharacters(in: .whitespaces).lowercased()]
        default:
            return nil
        }
    }

    /// Airtable's collaborator object.
    public static func json(_ user: User) -> JSONValue {
        ["id": .string(user.id), "email": .string(user.email), "name": .string(user.name)]
    }
}
