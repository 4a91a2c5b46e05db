/// Users, credentials and the tokens that authenticate them.
public protocol UserStore: Sendable {
    func userCount() async throws -> Int
    /// Throws `TesseraError` of kind `.conflict` when the email is taken.
    func insertUser(_ user: User, passwordHash: String) async throws
    func user(id: String) async throws -> User?
    /// The users of these ids that exist, in no particular order.
    func users(ids: [String]) async throws -> [User]
    /// The user of an access JWT: nil unless the session family `familyID` is the user's and not
    /// revoked. One indexed lookup, as it runs on every request a JWT authenticates.
    func user(id: String, sessionFamily familyID: String) async throws -> User?
    func credentials(email: String) async throws -> (user: User, passwordHash: String)?

    func insertAccessToken(_ token: AccessToken) async throws
    func accessToken(id: String) async throws -> AccessToken?
    func revokeAccessToken(id: String) async throws

    /// Stores a new session family (a login) with its first refresh token.
    func startSessionFamily(_ first: RefreshToken) async throws
    /// In one transaction: marks the token with `presentedHash` used and stores the token that
    /// `replacement` makes from it (same family and user). A token already used, or of a revoked
    /// family, revokes its family and answers `.reused`.
    func rotateRefreshToken(presentedHash: String, replacement: @Sendable (RefreshToken) -> RefreshToken) async throws -> RefreshRotation
    /// Revokes the family of the token with this hash; false when the token is unknown.
    func revokeRefreshFamily(containing tokenHash: String) async throws -> Bool

    /// Returns the stored value for `key`, storing `value` first when there is none, so every
    /// node sharing the database agrees (used for the JWT signing secret).
    func setting(_ key: String, default value: @autoclosure () -> String) async throws -> String
}

public enum RefreshRotation: Sendable, Equatable {
    case rotated(RefreshToken)
    /// The token (given) was already used, or its family revoked: the whole family is revoked now.
    case reused(RefreshToken)
    case expired
    case unknown
}
