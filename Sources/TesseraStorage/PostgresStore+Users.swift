import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: UserStore {
    public func userCount() async throws -> Int {
        try await rows("SELECT COUNT(*) AS n FROM users").first?.value("n") ?? 0
    }

    public func insertUser(_ user: User, passwordHash: String) async throws {
        do {
            try await write { transaction in
                try await transaction.execute(
                    """
                    INSERT INTO users (id, email, name, password_hash, created_at)
                    VALUES (\(user.id), \(user.email), \(user.name), \(passwordHash), \(user.createdTime.milliseconds))
                    """)
            }
        } catch let error as TesseraError where error.kind == .conflict {
            throw TesseraError(.duplicateEmail, "A user with the email \(user.email) already exists")
        }
    }

    public func user(id: String) async throws -> User? {
        try await rows("SELECT * FROM users WHERE id = \(id)").first.map(Self.user)
    }

    public func users(ids: [String]) async throws -> [User] {
        guard !ids.isEmpty else { return [] }
        return try await rows("SELECT * FROM users WHERE id = ANY(\(ids))").map(Self.user)
    }

    public func user(id: String, sessionFamily familyID: String) async throws -> User? {
        try await rows(
            """
            SELECT users.* FROM session_families JOIN users ON users.id = session_families.user_id
            WHERE session_families.id = \(familyID) AND session_families.user_id = \(id) AND NOT session_families.revoked
            """
        ).first.map(Self.user)
    }

    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        guard let row = try await rows("SELECT * FROM users WHERE email = \(email)").first else { return nil }
        return (try Self.user(row), try row.value("password_hash"))
    }

    static func user(_ row: PostgresRandomAccessRow) throws -> User {
        User(id: try row.value("id"), email: try row.value("email"), name: try row.value("name"), createdTime: Date(milliseconds: try row.value("created_at")))
    }

    public func insertAccessToken(_ token: AccessToken) async throws {
        let scopes = JSONValue.array(token.scopes.map(\.rawValue).sorted().map(JSONValue.string)).jsonString()
        let bases = token.baseIDs.map { JSONValue.array($0.sorted().map(JSONValue.string)).jsonString() }
        try await write { transaction in
            try await transaction.execute(
                """
                INSERT INTO access_tokens (id, user_id, name, secret_hash, scopes, base_ids, created_at, revoked)
                VALUES (\(token.id), \(token.userID), \(token.name), \(token.secretHash), \(scopes), \(bases), \(token.createdTime.milliseconds), \(token.revoked))
                """)
        }
    }

    public func accessToken(id: String) async throws -> AccessToken? {
        guard let row = try await rows("SELECT * FROM access_tokens WHERE id = \(id)").first else { return nil }
        let scopes = try JSONValue.parse(row.value("scopes", as: String.self)).arrayValue?.compactMap { $0.stringValue.flatMap(TokenScope.init) } ?? []
        let bases = try row.value("base_ids", as: String?.self).map { try JSONValue.parse($0).arrayValue?.compactMap { $0.stringValue } ?? [] }
        return AccessToken(
            id: try row.value("id"), userID: try row.value("user_id"), name: try row.value("name"), secretHash: try row.value("secret_hash"),
            scopes: Set(scopes), baseIDs: bases.map { Set($0) }, createdTime: Date(milliseconds: try row.value("created_at")), revoked: try row.value("revoked")
        )
    }

    public func revokeAccessToken(id: String) async throws {
        try await write { transaction in try await transaction.execute("UPDATE access_tokens SET revoked = TRUE WHERE id = \(id)") }
    }

    public func startSessionFamily(_ first: RefreshToken) async throws {
        try await write { transaction in
            try await transaction.execute("INSERT INTO session_families (id, user_id) VALUES (\(first.familyID), \(first.userID))")
            try await Self.insert(first, transaction)
        }
    }

    private static func insert(_ token: RefreshToken, _ transaction: PostgresTransaction) async throws {
        try await transaction.execute(
            """
            INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)
            VALUES (\(token.tokenHash), \(token.familyID), \(token.userID), \(token.expiresAt.milliseconds))
            """)
    }

    public func rotateRefreshToken(presentedHash: String, replacement: @Sendable (RefreshToken) -> RefreshToken) async throws -> RefreshRotation {
        try await write { transaction in
            // FOR UPDATE: of two requests presenting one token at once, the second waits and
            // then sees it used, so a token never rotates twice. A family revoked while this
            // runs is seen by the next rotation and by every JWT check, which read its row.
            guard
                let row = try await transaction.row(
                    """
                    SELECT refresh_tokens.*, session_families.revoked AS family_revoked
                    FROM refresh_tokens JOIN session_families ON session_families.id = refresh_tokens.family_id
                    WHERE token_hash = \(presentedHash) FOR UPDATE OF refresh_tokens
                    """)
            else {
                return .unknown
            }
            let token = RefreshToken(
                tokenHash: try row.value("token_hash"), familyID: try row.value("family_id"), userID: try row.value("user_id"),
                expiresAt: Date(milliseconds: try row.value("expires_at")))
            if try row.value("used", as: Bool.self) || row.value("family_revoked", as: Bool.self) {
                try await Self.revokeFamily(token.familyID, transaction)
                return .reused(token)
            }
            guard token.expiresAt > Date() else { return .expired }
            try await transaction.execute("UPDATE refresh_tokens SET used = TRUE WHERE token_hash = \(presentedHash)")
            try await Self.insert(replacement(token), transaction)
            return .rotated(token)
        }
    }

    public func revokeRefreshFamily(containing tokenHash: String) async throws -> Bool {
        try await write { transaction in
            guard let row = try await transaction.row("SELECT family_id FROM refresh_tokens WHERE token_hash = \(tokenHash)") else { return false }
            try await Self.revokeFamily(try row.value("family_id"), transaction)
            return true
        }
    }

    /// The family's row is what counts, for its JWTs and its refresh tokens; the tokens' own
    /// revoked column is kept in step for binaries from before session families, which read it.
    private static func revokeFamily(_ familyID: String, _ transaction: PostgresTransaction) async throws {
        try await transaction.execute("UPDATE session_families SET revoked = TRUE WHERE id = \(familyID)")
        try await transaction.execute("UPDATE refresh_tokens SET revoked = TRUE WHERE family_id = \(familyID)")
    }

    public func setting(_ key: String, default value: @autoclosure () -> String) async throws -> String {
        let candidate = value()
        return try await write { transaction in
            // A node inserting at the same time makes this one wait, then do nothing; the
            // SELECT (a new statement) sees the value that won.
            try await transaction.execute("INSERT INTO settings (key, value) VALUES (\(key), \(candidate)) ON CONFLICT (key) DO NOTHING")
            return try await transaction.row("SELECT value FROM settings WHERE key = \(key)")?.value("value") ?? candidate
        }
    }
}
