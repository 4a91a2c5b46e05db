import Foundation
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

@Suite struct AuthServiceTests {
    @Test func loginGivesATokenThatAuthenticatesTheUser() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let session = try await world.services.auth.login(email: "OWNER@example.com", password: "correct horse battery")
        let principal = try await world.services.auth.authenticate(bearer: session.accessToken)
        #expect(principal.userID == world.owner.id)
        #expect(principal.tokenID == nil)
        #expect(principal.scopes == Set(TokenScope.allCases))
        #expect(session.expiresIn == 900)
    }

    @Test func wrongPasswordIsRefused() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        await #expect(throws: TesseraError.self) {
            _ = try await world.services.auth.login(email: "owner@example.com", password: "wrong password!")
        }
        await #expect(throws: TesseraError.self) {
            _ = try await world.services.auth.login(email: "nobody@example.com", password: "correct horse battery")
        }
    }

    @Test func duplicateEmailsAndShortPasswordsAreRefused() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let duplicate = await #expect(throws: TesseraError.self) {
            _ = try await world.services.auth.createUser(email: "Owner@Example.com", name: nil, password: "long enough password")
        }
        #expect(duplicate?.kind == .conflict)
        let short = await #expect(throws: TesseraError.self) {
            _ = try await world.services.auth.createUser(email: "new@example.com", name: nil, password: "short")
        }
        #expect(short?.kind == .invalidRequest)
    }

    @Test func expiredJWTIsRefused() async throws {
        let world = try await TestWorld.make(accessTokenLifetime: -120)
        defer { world.remove() }
        let session = try await world.services.auth.login(email: "owner@example.com", password: "correct horse battery")
        let error = await #expect(throws: TesseraError.self) { _ = try await world.services.auth.authenticate(bearer: session.accessToken) }
        #expect(error?.kind == .unauthenticated)
    }

    @Test func forgedAndUnsignedJWTsAreRefused() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let session = try await world.services.auth.login(email: "owner@example.com", password: "correct horse battery")
        let parts = session.accessToken.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        // Same header and claims, signature of another key.
        let forged = parts[0] + "." + parts[1] + ".c2lnbmF0dXJlLW9mLWFub3RoZXIta2V5"
        // alg: none with the same claims and no signature.
        let noneHeader = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        for token in [forged, noneHeader + "." + parts[1] + ".", noneHeader + "." + parts[1], "garbage", ""] {
            let error = await #expect(throws: TesseraError.self) { _ = try await world.services.auth.authenticate(bearer: token) }
            #expect(error?.kind == .unauthenticated)
        }
    }

    @Test func refreshTokensRotateAndReuseRevokesTheFamily() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let auth = world.services.auth
        let first = try await auth.login(email: "owner@example.com", password: "correct horse battery")
        let second = try await auth.refresh(refreshToken: first.refreshToken)
        #expect(second.refreshToken != first.refreshToken)
        _ = try await auth.authenticate(bearer: second.accessToken)

        // Replaying the first token means it leaked: the whole family dies, the newest included.
        await #expect(throws: TesseraError.self) { _ = try await auth.refresh(refreshToken: first.refreshToken) }
        await #expect(throws: TesseraError.self) { _ = try await auth.refresh(refreshToken: second.refreshToken) }
    }

    @Test func logoutRevokesTheRefreshToken() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let auth = world.services.auth
        let session = try await auth.login(email: "owner@example.com", password: "correct horse battery")
        try await auth.logout(refreshToken: session.refreshToken)
        await #expect(throws: TesseraError.self) { _ = try await auth.refresh(refreshToken: session.refreshToken) }
        await #expect(throws: TesseraError.self) { try await auth.logout(refreshToken: "not-a-token") }
    }

    @Test func logoutEndsTheFamilysJWTsAtOnce() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let auth = world.services.auth
        let session = try await auth.login(email: "owner@example.com", password: "correct horse battery")
        let otherDevice = try await auth.login(email: "owner@example.com", password: "correct horse battery")
        _ = try await auth.authenticate(bearer: session.accessToken)
        try await auth.logout(refreshToken: session.refreshToken)
        // The JWT has 15 minutes left; it used to work until then.
        let error = await #expect(throws: TesseraError.self) { _ = try await auth.authenticate(bearer: session.accessToken) }
        #expect(error?.kind == .unauthenticated)
        // Another login of the same user is another family.
        #expect(try await auth.authenticate(bearer: otherDevice.accessToken).userID == world.owner.id)
    }

    @Test func refreshTokenReuseEndsTheJWTsOfTheWholeFamily() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let auth = world.services.auth
        let first = try await auth.login(email: "owner@example.com", password: "correct horse battery")
        let second = try await auth.refresh(refreshToken: first.refreshToken)
        _ = try await auth.authenticate(bearer: second.accessToken)
        await #expect(throws: TesseraError.self) { _ = try await auth.refresh(refreshToken: first.refreshToken) }
        for token in [first.accessToken, second.accessToken] {
            let error = await #expect(throws: TesseraError.self) { _ = try await auth.authenticate(bearer: token) }
            #expect(error?.kind == .unauthenticated)
        }
    }

    @Test func personalAccessTokensCarryScopesAndBases() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let auth = world.services.auth
        let (token, record) = try await auth.createAccessToken(
            userID: world.owner.id, name: "ci", scopes: [.recordsRead], baseIDs: ["appAAAAAAAAAAAAAA"])
        #expect(token.hasPrefix(record.id + "."))
        let principal = try await auth.authenticate(bearer: token)
        #expect(principal.scopes == [.recordsRead])
        #expect(principal.baseIDs == ["appAAAAAAAAAAAAAA"])
        #expect(principal.canReach(baseID: "appAAAAAAAAAAAAAA"))
        #expect(!principal.canReach(baseID: "appBBBBBBBBBBBBBB"))

        // The stored hash is not the secret.
        let stored = try await world.store.accessToken(id: record.id)
        #expect(stored?.secretHash != String(token.split(separator: ".")[1]))

        let wrongSecret = record.id + "." + String(repeating: "0", count: 64)
        await #expect(throws: TesseraError.self) { _ = try await auth.authenticate(bearer: wrongSecret) }

        try await auth.revokeAccessToken(id: record.id, by: world.ownerPrincipal)
        let revoked = await #expect(throws: TesseraError.self) { _ = try await auth.authenticate(bearer: token) }
        #expect(revoked?.message.contains("revoked") == true)
    }

    @Test func theJWTSecretIsSharedThroughTheDatabase() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let session = try await world.services.auth.login(email: "owner@example.com", password: "correct horse battery")
        // A second node on the same database verifies tokens the first one issued.
        let otherNode = try await AuthService(store: world.store)
        #expect(try await otherNode.authenticate(bearer: session.accessToken).userID == world.owner.id)
    }
}
