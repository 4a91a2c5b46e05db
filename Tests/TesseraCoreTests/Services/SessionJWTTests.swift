import Foundation
import Testing

@testable import TesseraCore

/// Access JWTs: what Tessera signs verifies, tokens from any standard HS256 signer with the same
/// secret verify, and nothing else does.
@Suite struct SessionJWTTests {
    private let jwt = SessionJWT(secret: "s3cret")
    private let claims = SessionJWT.Claims(sub: "usrA", exp: 4_102_444_800, iat: 1_700_000_000, sid: "famB")

    // Made with Python's hmac and base64 (RFC 7515 compact form), headers in another key order.
    private let standard =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JBIiwiZXhwIjo0MTAyNDQ0ODAwLCJpYXQiOjE3MDAwMDAwMDAsInNpZCI6ImZhbUIifQ.e_A9iTEjbFIdQEWXcwnZaN77eSSQUQ8IynLvgI5G-5s"

    @Test func signedTokensVerifyAndStandardOnesToo() throws {
        let token = try jwt.sign(claims)
        #expect(jwt.verify(token) == claims)
        #expect(token.split(separator: ".").count == 3)
        #expect(jwt.verify(standard) == claims)
        #expect(SessionJWT(secret: "another").verify(standard) == nil)
    }

    @Test func otherAlgorithmsAlteredTokensAndMissingClaimsAreRefused() throws {
        let parts = standard.split(separator: ".").map(String.init)
        let refused = [
            // HS512 and none headers, each with a valid HMAC-SHA256 over them.
            "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JBIiwiZXhwIjo0MTAyNDQ0ODAwLCJpYXQiOjE3MDAwMDAwMDAsInNpZCI6ImZhbUIifQ.fsTQZIxlomp7t6oZxPOe52HzM9ICeVHVu9oyCZ5ZEDw",
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c3JBIiwiZXhwIjo0MTAyNDQ0ODAwLCJpYXQiOjE3MDAwMDAwMDAsInNpZCI6ImZhbUIifQ.N2DD_XTlgGVXhvjdmZKaSf4F4oHfXpvXd_2vU5Yf36c",
            // No sid.
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JBIiwiZXhwIjo0MTAyNDQ0ODAwLCJpYXQiOjE3MDAwMDAwMDB9.NIK-PIBPf0c2HmLd-PfBdL6o5JjFnN-C-rerdsF0hCM",
            // Another user's claims under the same MAC; padding; an unsigned form; extra parts.
            parts[0] + "." + Base64URL.encode(Data(#"{"sub":"usrZ","exp":4102444800,"iat":1700000000,"sid":"famB"}"#.utf8)) + "." + parts[2],
            standard + "=", parts[0] + "." + parts[1] + ".", parts[0] + "." + parts[1], standard + ".x", "", "..",
            String(repeating: "a", count: 5000),
        ]
        for token in refused { #expect(jwt.verify(token) == nil, "\(token.prefix(60))") }
        // The last MAC character carries spare bits: another spelling of the same bytes is refused.
        let last = parts[2].last!
        let sibling = String(parts[2].dropLast()) + (last == "s" ? "t" : "s")
        #expect(jwt.verify(parts[0] + "." + parts[1] + "." + sibling) == nil)
    }

    @Test func expiryIsChecked() throws {
        let token = try jwt.sign(claims)
        #expect(jwt.verify(token, now: Date(timeIntervalSince1970: claims.exp - 1)) == claims)
        #expect(jwt.verify(token, now: Date(timeIntervalSince1970: claims.exp)) == nil)
    }
}
