import Foundation

/// Who is acting: a user, through a login session (all scopes, every base the user can see) or
/// through a personal access token (its scopes, and its bases when it is limited to some).
public struct Principal: Sendable, Equatable {
    public let userID: String
    public let email: String
    public let tokenID: String?
    public let scopes: Set<TokenScope>
    /// nil: every base the user's workspaces hold.
    public let baseIDs: Set<String>?

    public init(userID: String, email: String, tokenID: String?, scopes: Set<TokenScope>, baseIDs: Set<String>?) {
        self.userID = userID
        self.email = email
        self.tokenID = tokenID
        self.scopes = scopes
        self.baseIDs = baseIDs
    }

    public static func session(userID: String, email: String) -> Principal {
        Principal(userID: userID, email: email, tokenID: nil, scopes: Set(TokenScope.allCases), baseIDs: nil)
    }

    public func require(_ scope: TokenScope) throws(TesseraError) {
        guard scopes.contains(scope) else {
            throw TesseraError(.forbidden, "This token lacks the scope \(scope.rawValue)")
        }
    }

    public func canReach(baseID: String) -> Bool {
        baseIDs.map { $0.contains(baseID) } ?? true
    }
}
