import Foundation
import GRDB
import TesseraCore

extension SQLiteStore: UserStore {
    public func userCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM users")) ?? 0 }
    }

    public func insertUser(_ user: User, passwordHash: String) async throws {
        do {
            try await write { db in
                try db.execute(
                    sql: "INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [user.id, user.email, user.name, passwordHash, user.createdTime.milliseconds])
            }
        } catch let error as TesseraError where error.kind == .conflict {
            throw TesseraError(.duplicateEmail, "A user with the email \(user.email) already exists")
        }
    }

    public func user(id: String) async throws -> User? {
        try lookup { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE id = ?"), arguments: [id]).map(Self.user)
        }
    }

    public func users(ids: [String]) async throws -> [User] {
        guard !ids.isEmpty else { return [] }
        return try lookup { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users WHERE id IN (\(Self.placeholders(ids.count)))", arguments: StatementArguments(ids)).map(Self.user)
        }
    }

    public func user(id: String, sessionFamily familyID: String) async throws -> User? {
        try lookup { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT users.* FROM session_families JOIN users ON users.id = session_families.user_id
                        WHERE session_families.id = ? AND session_families.user_id = ? AND NOT session_families.revoked
                        """), arguments: [familyID, id]
            ).map(Self.user)
        }
    }

    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        let found = try lookup { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE email = ?"), arguments: [email]).map { row -> Credentials in
                Credentials(user: Self.user(row), passwordHash: row["password_hash"])
            }
        }
        return found.map { ($0.user, $0.passwordHash) }
    }

    private struct Credentials: Sendable {
        let user: User
        let passwordHash: String
    }

    static func user(_ row: Row) -> User {
        User(id: row["id"], email: row["email"], name: row["name"], createdTime: Date(milliseconds: row["created_at"]))
    }

    public func insertAccessToken(_ token: AccessToken) async throws {
        let scopes = JSONValue.array(token.scopes.map(\.rawValue).sorted().map(JSONValue.string)).jsonString()
        let bases = token.baseIDs.map { JSONValue.array($0.sorted().map(JSONValue.string)).jsonString() }
        try await write { db in
            try db.execute(
                sql: "INSERT INTO access_tokens (id, user_id, name, secret_hash, scopes, base_ids, created_at, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [token.id, token.userID, token.name, token.secretHash, scopes, bases, token.createdTime.milliseconds, token.revoked])
        }
    }

    public func accessToken(id: String) async throws -> AccessToken? {
        try lookup { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM access_tokens WHERE id = ?"), arguments: [id]) else { return nil }
            let scopes = try JSONValue.parse(row["scopes"] as String).arrayValue?.compactMap { $0.stringValue.flatMap(TokenScope.init) } ?? []
            let bases = try (row["base_ids"] as String?).map { try JSONValue.parse($0).arrayValue?.compactMap { $0.stringValue } ?? [] }
            return AccessToken(
                id: row["id"], userID: row["user_id"], name: row["name"], secretHash: row["secret_hash"],
                scopes: Set(scopes), baseIDs: bases.map { Set($0) }, createdTime: Date(milliseconds: row["created_at"]), revoked: row["revoked"])
        }
    }

    public func revokeAccessToken(id: String) async throws {
        try await write { db in try db.execute(sql: "UPDATE access_tokens SET revoked = 1 WHERE id = ?", arguments: [id]) }
    }

    public func startSessionFamily(_ first: RefreshToken) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO session_families (id, user_id) VALUES (?, ?)", arguments: [first.familyID, first.userID])
            try Self.insert(first, db)
        }
    }

    private static func insert(_ token: RefreshToken, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES (?, ?, ?, ?)",
            arguments: [token.tokenHash, token.familyID, token.userID, token.expiresAt.milliseconds])
    }

    public func rotateRefreshToken(presentedHash: String, replacement: @Sendable (RefreshToken) -> RefreshToken) async throws -> RefreshRotation {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT refresh_tokens.*, session_families.revoked AS family_revoked
                            FROM refresh_tokens JOIN session_families ON session_families.id = refresh_tokens.family_id
                            WHERE token_hash = ?
                            """), arguments: [presentedHash])
            else {
                return .unknown
            }
            let token = RefreshToken(
                tokenHash: row["token_hash"], familyID: row["family_id"], userID: row["user_id"], expiresAt: Date(milliseconds: row["expires_at"]))
            if row["used"] || row["family_revoked"] {
                try Self.revokeFamily(token.familyID, db)
                return .reused(token)
            }
            guard token.expiresAt > Date() else { return .expired }
            try db.execute(sql: "UPDATE refresh_tokens SET used = 1 WHERE token_hash = ?", arguments: [presentedHash])
            try Self.insert(replacement(token), db)
            return .rotated(token)
        }
    }

    public func revokeRefreshFamily(containing tokenHash: String) async throws -> Bool {
        try await write { db in
            guard let family = try String.fetchOne(db.cachedStatement(sql: "SELECT family_id FROM refresh_tokens WHERE token_hash = ?"), arguments: [tokenHash])
            else {
                return false
            }
            try Self.revokeFamily(family, db)
            return true
        }
    }

    /// The family's row is what counts, for its JWTs and its refresh tokens; the tokens' own
    /// revoked column is kept in step for binaries from before session families, which read it.
    private static func revokeFamily(_ familyID: String, _ db: Database) throws {
        try db.execute(sql: "UPDATE session_families SET revoked = 1 WHERE id = ?", arguments: [familyID])
        try db.execute(sql: "UPDATE refresh_tokens SET revoked = 1 WHERE family_id = ?", arguments: [familyID])
    }

    public func setting(_ key: String, default value: @autoclosure () -> String) async throws -> String {
        let candidate = value()
        return try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", arguments: [key, candidate])
            return try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM settings WHERE key = ?"), arguments: [key]) ?? candidate
        }
    }
}
