import Crypto
import Foundation

/// Users, logins and tokens: turns credentials into a `Principal`.
///
/// Login gives a short-lived JWT (HS256) and an opaque refresh token that rotates on every use.
/// The tokens of one login form a session family; its JWTs carry the family's id (`sid`) and stop
/// working as soon as the family is revoked (logout, or a refresh token used twice).
/// Personal access tokens look like `patXXXXXXXXXXXXXX.<64 hex>`; only a SHA-256 of the secret
/// part is stored. The JWT secret lives in the database so every node shares it.
public struct AuthService: Sendable {
    public struct Configuration: Sendable {
        public var accessTokenLifetime: TimeInterval = 15 * 60
        public var refreshTokenLifetime: TimeInterval = 30 * 24 * 3600
        public var bcryptCost: UInt8 = 11

        public init() {}
    }

    /// What `/auth/login` and `/auth/refresh` answer.
    public struct Session: Sendable, Equatable {
        public let accessToken: String
        public let refreshToken: String
        public let expiresIn: Int
        public let userID: String
    }

    private let store: any UserStore & AuditStore
    private let jwt: SessionJWT
    private let configuration: Configuration
    private let hasher: any PasswordHasher
    /// A hash of no one's password, made like the users' ones: a login for an unknown email is
    /// checked against it, so that it does the same work as a wrong password and takes as long.
    private let unknownUserHash: String

    /// `hasher` defaults to bcrypt of the configured cost.
    public init(store: any UserStore & AuditStore, configuration: Configuration = Configuration(), hasher: (any PasswordHasher)? = nil) async throws {
        self.store = store
        self.configuration = configuration
        let hasher = hasher ?? BcryptHasher(cost: configuration.bcryptCost)
        self.hasher = hasher
        unknownUserHash = await hasher.hash(Self.randomHex(bytes: 16))
        let secret = try await store.setting("jwt.secret", default: Self.randomHex(bytes: 32))
        jwt = SessionJWT(secret: secret)
    }

    /// Emails are stored and looked up trimmed and lowercased.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    // MARK: - Users

    public func createUser(email rawEmail: String, name: String?, password: String) async throws -> User {
        let email = Self.normalizedEmail(rawEmail)
        guard email.contains("@"), !email.hasPrefix("@"), !email.hasSuffix("@") else {
            throw TesseraError.invalidRequest("\"\(rawEmail)\" is not an email address")
        }
        guard password.count >= 8 else { throw TesseraError.invalidRequest("Passwords need at least 8 characters") }
        let user = User(id: TesseraID.make(.user), email: email, name: name ?? String(email.prefix { $0 != "@" }), createdTime: Date())
        try await store.insertUser(user, passwordHash: hasher.hash(password))
        // Accounts are made by the operator (`tessera users create`); there is no sign-up.
        try await store.appendAudit(
            AuditEntry(action: .userCreated, actor: .operator, accountID: user.id, modelID: user.id, payload: ["email": .string(email)]))
        return user
    }

    public func user(email: String) async throws -> User? {
        try await store.credentials(email: Self.normalizedEmail(email))?.user
    }

    public func userCount() async throws -> Int {
        try await store.userCount()
    }

    // MARK: - Sessions

    /// `ipAddress` is the client's, for the audit log.
    public func login(email: String, password: String, ipAddress: String? = nil) async throws -> Session {
        let normalized = Self.normalizedEmail(email)
        let credentials = try await store.credentials(email: normalized)
        // One bcrypt whether or not the account exists, so the answer's timing does not tell.
        let matches = await hasher.verify(password, against: credentials?.passwordHash ?? unknownUserHash)
        guard let credentials, matches else {
            // An unknown email is kept (cut short) so the operator can see what was tried.
            try await store.appendAudit(
                AuditEntry(
                    action: .loginFailed, actor: .anonymous, accountID: credentials?.user.id, ipAddress: ipAddress,
                    payload: credentials == nil ? ["email": .string(String(normalized.prefix(254)))] : [:]))
            throw TesseraError(.invalidCredentials, "Wrong email or password")
        }
        try await store.appendAudit(
            AuditEntry(action: .loginSucceeded, actor: .user(id: credentials.user.id, tokenID: nil), accountID: credentials.user.id, ipAddress: ipAddress))
        let refresh = Self.randomHex(bytes: 32)
        let first = RefreshToken(
            tokenHash: Self.sha256(refresh), familyID: UUID().uuidString, userID: credentials.user.id,
            expiresAt: Date().addingTimeInterval(configuration.refreshTokenLifetime))
        try await store.startSessionFamily(first)
        return try await session(first, refreshToken: refresh)
    }

    /// `ipAddress` is the client's, for the audit log.
    public func refresh(refreshToken: String, ipAddress: String? = nil) async throws -> Session {
        let next = Self.randomHex(bytes: 32)
        let lifetime = configuration.refreshTokenLifetime
        let rotation = try await store.rotateRefreshToken(presentedHash: Self.sha256(refreshToken)) { consumed in
            RefreshToken(tokenHash: Self.sha256(next), familyID: consumed.familyID, userID: consumed.userID, expiresAt: Date().addingTimeInterval(lifetime))
        }
        switch rotation {
        case .rotated(let consumed):
            return try await session(consumed, refreshToken: next)
        case .reused(let token):
            // A used token presented again means it was copied: the owner's workspaces should know.
            try await store.appendAudit(AuditEntry(action: .refreshTokenReused, actor: .anonymous, accountID: token.userID, ipAddress: ipAddress))
            throw TesseraError(.invalidRefreshToken, "This refresh token was already used; the session has been revoked, log in again")
        case .expired:
            throw TesseraError(.invalidRefreshToken, "The refresh token has expired, log in again")
        case .unknown:
            throw TesseraError(.invalidRefreshToken, "Unknown refresh token")
        }
    }

    public func logout(refreshToken: String) async throws {
        guard try await store.revokeRefreshFamily(containing: Self.sha256(refreshToken)) else {
            throw TesseraError(.invalidRefreshToken, "Unknown refresh token")
        }
    }

    /// The answer for a family whose newest refresh token is `refreshToken`.
    private func session(_ family: RefreshToken, refreshToken: String) async throws -> Session {
        let now = Date().timeIntervalSince1970.rounded(.down)
        let token = try jwt.sign(
            SessionJWT.Claims(sub: family.userID, exp: now + configuration.accessTokenLifetime, iat: now, sid: family.familyID))
        return Session(accessToken: token, refreshToken: refreshToken, expiresIn: Int(configuration.accessTokenLifetime), userID: family.userID)
    }

    // MARK: - Personal access tokens

    /// Creates a token and returns its full text, which is shown once and never stored.
    /// `actor` is the operator for `tessera tokens create`.
    public func createAccessToken(userID: String, name: String, scopes: Set<TokenScope>, baseIDs: Set<String>?, by actor: AuditActor = .operator)
        async throws -> (token: String, record: AccessToken)
    {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw TesseraError.invalidRequest("A token needs a name") }
        guard !scopes.isEmpty else { throw TesseraError.invalidRequest("A token needs at least one scope") }
        let secret = Self.randomHex(bytes: 32)
        let record = AccessToken(
            id: TesseraID.make(.token), userID: userID, name: name, secretHash: Self.sha256(secret),
            scopes: scopes, baseIDs: baseIDs, createdTime: Date(), revoked: false)
        try await store.insertAccessToken(record)
        var payload: [String: JSONValue] = ["name": .string(name), "scopes": .array(scopes.map(\.rawValue).sorted().map(JSONValue.string))]
        if let baseIDs { payload["baseIds"] = .array(baseIDs.sorted().map(JSONValue.string)) }
        try await store.appendAudit(AuditEntry(action: .tokenCreated, actor: actor, accountID: userID, modelID: record.id, payload: payload))
        return ("\(record.id).\(secret)", record)
    }

    /// Revokes one of the principal's own tokens.
    public func revokeAccessToken(id: String, by principal: Principal) async throws {
        guard let token = try await store.accessToken(id: id), token.userID == principal.userID else {
            throw TesseraError.notFound("No such token")
        }
        try await revoke(token, actor: AuditActor(principal))
    }

    /// Revokes any user's token (`tessera tokens revoke`).
    public func revokeAccessTokenAsOperator(id: String) async throws {
        guard TesseraID.isValid(id, .token), let token = try await store.accessToken(id: id) else {
            throw TesseraError.notFound("No token \(id)")
        }
        try await revoke(token, actor: .operator)
    }

    private func revoke(_ token: AccessToken, actor: AuditActor) async throws {
        try await store.revokeAccessToken(id: token.id)
        try await store.appendAudit(
            AuditEntry(action: .tokenRevoked, actor: actor, accountID: token.userID, modelID: token.id, payload: ["name": .string(token.name)]))
    }

    // MARK: - Authentication

    /// Resolves a bearer token (personal access token or JWT) into the principal it acts for.
    public func authenticate(bearer token: String) async throws -> Principal {
        if token.hasPrefix(TesseraID.Kind.token.rawValue), let dot = token.firstIndex(of: ".") {
            return try await authenticate(accessTokenID: String(token[..<dot]), secret: String(token[token.index(after: dot)...]))
        }
        guard let claims = jwt.verify(token) else { throw TesseraError(.unauthenticated, "Invalid or expired access token") }
        // The family's revoked flag is read on every request: a logout ends its JWTs at once.
        guard let user = try await store.user(id: claims.sub, sessionFamily: claims.sid) else {
            throw TesseraError.unauthenticated("This session has ended (logged out or revoked); log in again")
        }
        return .session(userID: user.id, email: user.email)
    }

    private func authenticate(accessTokenID: String, secret: String) async throws -> Principal {
        guard TesseraID.isValid(accessTokenID, .token),
            let token = try await store.accessToken(id: accessTokenID),
            Self.constantTimeEqual(token.secretHash, Self.sha256(secret))
        else { throw TesseraError.unauthenticated("Invalid personal access token") }
        guard !token.revoked else { throw TesseraError.unauthenticated("This personal access token has been revoked") }
        guard let user = try await store.user(id: token.userID) else { throw TesseraError.unauthenticated("Invalid personal access token") }
        return Principal(userID: user.id, email: user.email, tokenID: token.id, scopes: token.scopes, baseIDs: token.baseIDs)
    }

    // MARK: - Helpers

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hexString
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }

    private static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
