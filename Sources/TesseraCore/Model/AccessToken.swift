import Foundation

/// A personal access token as stored: only the SHA-256 of its secret is kept.
public struct AccessToken: Sendable, Equatable {
    public let id: String
    public let userID: String
    public var name: String
    public let secretHash: String
    public let scopes: Set<TokenScope>
    public let baseIDs: Set<String>?
    public let createdTime: Date
    public var revoked: Bool

    public init(id: String, userID: String, name: String, secretHash: String, scopes: Set<TokenScope>, baseIDs: Set<String>?, createdTime: Date, revoked: Bool)
    {
        self.id = id
        self.userID = userID
        self.name = name
        self.secretHash = secretHash
        self.scopes = scopes
        self.baseIDs = baseIDs
        self.createdTime = createdTime
        self.revoked = revoked
    }
}

/// An opaque refresh token as stored. Tokens of one login form a family; presenting a token
/// that was already rotated away revokes the whole family (it was stolen or replayed).
public struct RefreshToken: Sendable, Equatable {
    public let tokenHash: String
    public let familyID: String
    public let userID: String
    public let expiresAt: Date

    public init(tokenHash: String, familyID: String, userID: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.familyID = familyID
        self.userID = userID
        self.expiresAt = expiresAt
    }
}
