import Crypto
import Foundation

/// The access tokens of login sessions: JWTs (RFC 7519) signed with HMAC-SHA256 under the secret
/// every node shares. Only what Tessera issues verifies: three base64url parts, a header whose
/// `alg` is `HS256` (never `none` or another algorithm), a valid MAC, claims that decode, and an
/// `exp` still ahead. A full JWT library would bring X.509, ASN.1 and every signature algorithm
/// into the build for this one.
struct SessionJWT: Sendable {
    struct Claims: Codable, Equatable {
        /// The user.
        var sub: String
        /// Expiry and issue time, in seconds since 1970.
        var exp: Double
        var iat: Double
        /// The session family the token was issued for; tokens without one are refused, so a
        /// client refreshes once after an upgrade.
        var sid: String
    }

    private let key: SymmetricKey
    /// Far longer than any token Tessera makes: refused before decoding.
    private static let maximumLength = 4096
    private static let header = Base64URL.encode(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
    }

    func sign(_ claims: Claims) throws -> String {
        let signingInput = Self.header + "." + Base64URL.encode(try JSONEncoder().encode(claims))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: key)
        return signingInput + "." + Base64URL.encode(Data(mac))
    }

    /// The token's claims when it is valid at `now`, else nil.
    func verify(_ token: String, now: Date = Date()) -> Claims? {
        guard token.utf8.count <= Self.maximumLength else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
            let mac = Base64URL.decode(parts[2])
        else { return nil }
        let signingInput = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        // Constant time, so a MAC cannot be found byte by byte.
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: signingInput, using: key),
            let header = try? JSONDecoder().decode(Header.self, from: headerData), header.alg == "HS256",
            let claims = try? JSONDecoder().decode(Claims.self, from: payload), claims.exp.isFinite,
            now.timeIntervalSince1970 < claims.exp, !claims.sub.isEmpty, !claims.sid.isEmpty
        else { return nil }
        return claims
    }

    private struct Header: Decodable {
        var alg: String
    }
}
