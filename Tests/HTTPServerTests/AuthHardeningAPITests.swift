import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TesseraCore
import TesseraTesting
import Testing

/// `/auth` under attack: throttled logins, bounded refresh and logout, JWTs that die with their session.
@Suite struct AuthHardeningAPITests {
    /// Lockouts of an hour, so that no lock runs out while a test runs, however slow the machine.
    private static func configuration(trustForwardedFor: Bool = true) -> HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration.unlimited
        configuration.authRateLimit = nil
        configuration.trustForwardedFor = trustForwardedFor
        configuration.loginThrottle.perAccount.firstLockout = .seconds(3600)
        configuration.loginThrottle.perAddress.firstLockout = .seconds(3600)
        return configuration
    }

    private static func login(_ client: some TestClientProtocol, _ email: String, _ password: String, from address: String? = nil) async throws -> TestResponse
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let address, let name = HTTPField.Name("X-Forwarded-For") { headers[name] = address }
        return try await client.execute(
            uri: "/auth/login", method: .post, headers: headers, body: .json(["email": .string(email), "password": .string(password)]))
    }

    @Test func sixtyWrongPasswordsForOneAccountAreThrottledFromAnyAddress() async throws {
        let (harness, app) = try await APITestHarness.make(configuration: Self.configuration())
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            // Each attempt from another address: the account's own count stops them.
            var statuses: [HTTPResponse.Status] = []
            for attempt in 0..<60 {
                let response = try await Self.login(client, "owner@example.com", "wrong password \(attempt)", from: "192.0.2.\(attempt)")
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    #expect(response.errorType == "TOO_MANY_REQUESTS")
                    #expect(response.headers[.retryAfter].flatMap(Int.init).map { $0 >= 1 } == true)
                }
            }
            // They used to be sixty 401s.
            #expect(statuses == Array(repeating: .unauthorized, count: 6) + Array(repeating: .tooManyRequests, count: 54))
            // While locked, even the right password waits.
            let right = try await Self.login(client, "owner@example.com", "correct horse battery", from: "198.51.100.1")
            #expect(right.status == .tooManyRequests)
        }
    }

    @Test func unknownEmailsAreThrottledLikeKnownOnes() async throws {
        let (harness, app) = try await APITestHarness.make(configuration: Self.configuration())
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            var answers: [String: [String]] = [:]
            for email in ["owner@example.com", "nobody@example.com"] {
                for attempt in 0..<10 {
                    let response = try await Self.login(client, email, "wrong password", from: "192.0.2.\(attempt)")
                    // The message's number of seconds left may differ by one on a slow machine.
                    let message = (response.json["error"]?["message"]?.stringValue ?? "").filter { !$0.isNumber }
                    answers[email, default: []].append("\(response.status.code) \(response.errorType ?? "") \(message)")
                }
            }
            #expect(answers["owner@example.com"] == answers["nobody@example.com"])
            #expect(answers["nobody@example.com"]?.last?.hasPrefix("429 TOO_MANY_REQUESTS") == true)
        }
    }

    @Test func oneAddressTryingManyAccountsIsThrottled() async throws {
        let (harness, app) = try await APITestHarness.make(configuration: Self.configuration())
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<25 {
                statuses.append(try await Self.login(client, "user\(index)@example.com", "wrong password", from: "203.0.113.7").status)
            }
            #expect(statuses == Array(repeating: .unauthorized, count: 21) + Array(repeating: .tooManyRequests, count: 4))
            #expect(try await Self.login(client, "owner@example.com", "correct horse battery", from: "203.0.113.8").status == .ok)
        }
    }

    @Test func forwardedForIsIgnoredUnlessTrusted() async throws {
        let (harness, app) = try await APITestHarness.make(configuration: Self.configuration(trustForwardedFor: false))
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            // A client naming a new address each time is still one address.
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<25 {
                statuses.append(try await Self.login(client, "user\(index)@example.com", "wrong password", from: "192.0.2.\(index)").status)
            }
            #expect(statuses == Array(repeating: .unauthorized, count: 21) + Array(repeating: .tooManyRequests, count: 4))
        }
    }

    @Test func aSuccessfulLoginStartsTheAccountOver() async throws {
        let (harness, app) = try await APITestHarness.make(configuration: Self.configuration())
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for round in 0..<3 {
                for attempt in 0..<5 {
                    statuses.append(try await Self.login(client, "owner@example.com", "wrong password", from: "192.0.2.\(round * 10 + attempt)").status)
                }
                statuses.append(try await Self.login(client, "owner@example.com", "correct horse battery", from: "198.51.100.\(round)").status)
            }
            let round: [HTTPResponse.Status] = Array(repeating: .unauthorized, count: 5) + [.ok]
            #expect(statuses == round + round + round)
        }
    }

    @Test func refreshAndLogoutAreLimitedPerAddress() async throws {
        var configuration = Self.configuration()
        // One request per 1000 s per address: no refill while the test runs.
        configuration.authRateLimit = 0.001
        let (harness, app) = try await APITestHarness.make(configuration: configuration)
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            func post(_ path: String, from address: String) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let name = HTTPField.Name("X-Forwarded-For") { headers[name] = address }
                return try await client.execute(uri: path, method: .post, headers: headers, body: .json(["refresh_token": "not-a-token"]))
            }
            #expect(try await post("/auth/refresh", from: "192.0.2.1").status == .unauthorized)
            for path in ["/auth/refresh", "/auth/logout", "/auth/login"] {
                let limited = try await post(path, from: "192.0.2.1")
                #expect(limited.status == .tooManyRequests)
                #expect(limited.errorType == "TOO_MANY_REQUESTS")
                #expect(limited.headers[.retryAfter].flatMap(Int.init).map { $0 >= 900 } == true)
            }
            #expect(try await post("/auth/logout", from: "192.0.2.2").status == .unauthorized)
        }
    }

    @Test func theJWTOfALoggedOutSessionIsRefusedAtOnce() async throws {
        let (harness, app) = try await APITestHarness.make(configuration: Self.configuration())
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let login = try await Self.login(client, "owner@example.com", "correct horse battery")
            let access = try #require(login.json["access_token"]?.stringValue)
            let refresh = try #require(login.json["refresh_token"]?.stringValue)
            #expect(try await client.execute(uri: "/v0/meta/whoami", method: .get, headers: harness.headers(access)).status == .ok)
            let logout = try await client.execute(uri: "/auth/logout", method: .post, body: .json(["refresh_token": .string(refresh)]))
            #expect(logout.status == .noContent)
            // The JWT has 15 minutes left; it used to work until then.
            let after = try await client.execute(uri: "/v0/meta/whoami", method: .get, headers: harness.headers(access))
            #expect(after.status == .unauthorized)
            #expect(after.errorType == "AUTHENTICATION_REQUIRED")
        }
    }
}
