import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TesseraCore
import TesseraTesting
import Testing

/// Every bad input answers the right status in Airtable's error envelope, and writes nothing.
@Suite struct ErrorsAPITests {
    @Test func authenticationIsRequiredAndChecked() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let none = try await client.execute(uri: "/v0/meta/bases", method: .get)
            #expect(none.status == .unauthorized)
            #expect(none.errorType == "AUTHENTICATION_REQUIRED")
            for token in ["garbage", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c3IxMjM0NTY3ODkwMTIzNCJ9.", harness.token + "x"] {
                let response = try await client.execute(uri: "/v0/meta/bases", method: .get, headers: harness.headers(token))
                #expect(response.status == .unauthorized)
                #expect(response.json["error"]?["message"]?.stringValue?.isEmpty == false)
            }
        }
    }

    @Test func loginRefreshAndLogoutOverHTTP() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let bad = try await client.execute(uri: "/auth/login", method: .post, body: .json(["email": "owner@example.com", "password": "nope nope"]))
            #expect(bad.status == .unauthorized)
            let login = try await client.execute(
                uri: "/auth/login", method: .post, body: .json(["email": "owner@example.com", "password": "correct horse battery"]))
            #expect(login.status == .ok)
            let access = try #require(login.json["access_token"]?.stringValue)
            let refresh = try #require(login.json["refresh_token"]?.stringValue)
            let whoami = try await client.execute(uri: "/v0/meta/whoami", method: .get, headers: harness.headers(access))
            #expect(whoami.json["id"]?.stringValue == harness.world.owner.id)
            let rotated = try await client.execute(uri: "/auth/refresh", method: .post, body: .json(["refresh_token": .string(refresh)]))
            #expect(rotated.status == .ok)
            let replay = try await client.execute(uri: "/auth/refresh", method: .post, body: .json(["refresh_token": .string(refresh)]))
            #expect(replay.status == .unauthorized)
            // The replay revoked the whole family: the rotated token no longer refreshes.
            let afterReplay = try await client.execute(uri: "/auth/refresh", method: .post, body: .json(["refresh_token": rotated.json["refresh_token"]!]))
            #expect(afterReplay.status == .unauthorized)

            // Logout of a live session ends its refresh token and its access token at once.
            let second = try await client.execute(
                uri: "/auth/login", method: .post, body: .json(["email": "owner@example.com", "password": "correct horse battery"]))
            let secondAccess = try #require(second.json["access_token"]?.stringValue)
            let secondRefresh = try #require(second.json["refresh_token"])
            let logout = try await client.execute(uri: "/auth/logout", method: .post, body: .json(["refresh_token": secondRefresh]))
            #expect(logout.status == .noContent)
            let refreshAfterLogout = try await client.execute(uri: "/auth/refresh", method: .post, body: .json(["refresh_token": secondRefresh]))
            #expect(refreshAfterLogout.status == .unauthorized)
            let whoamiAfterLogout = try await client.execute(uri: "/v0/meta/whoami", method: .get, headers: harness.headers(secondAccess))
            #expect(whoamiAfterLogout.status == .unauthorized)
        }
    }

    @Test func malformedAndWrongBodiesAnswerTheEnvelope() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let cases: [(ByteBuffer?, HTTPResponse.Status, String)] = [
                (ByteBuffer(string: "{not json"), .badRequest, "INVALID_REQUEST_BODY"),
                (ByteBuffer(string: "[1,2]"), .unprocessableContent, "INVALID_REQUEST_BODY"),
                (nil, .badRequest, "INVALID_REQUEST_MISSING_BODY"),
                (.json(["fields": ["Nope": 1]]), .unprocessableContent, "UNKNOWN_FIELD_NAME"),
                (.json(["fields": ["Points": "many"]]), .unprocessableContent, "INVALID_VALUE_FOR_COLUMN"),
                (.json(["fields": ["Status": "Unknown"]]), .unprocessableContent, "INVALID_MULTIPLE_CHOICE_OPTIONS"),
                (.json(["records": .array((0..<11).map { _ in ["fields": ["Name": "x"]] })]), .unprocessableContent, "INVALID_RECORDS"),
                (.json(["records": "nope"]), .unprocessableContent, "INVALID_RECORDS"),
                (.json(["fields": ["Name": "x"], "typecast": "yes"]), .unprocessableContent, "INVALID_REQUEST_UNKNOWN"),
                (.json(["fields": ["Name": "x"], "surprise": 1]), .unprocessableContent, "INVALID_REQUEST_UNKNOWN"),
            ]
            for (body, status, type) in cases {
                let response = try await client.execute(uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(), body: body)
                #expect(response.status == status, "\(type)")
                #expect(response.errorType == type)
                #expect(response.json["error"]?["message"]?.stringValue?.isEmpty == false)
            }
            let oversized = ByteBuffer(string: #"{"fields": {"Name": ""# + String(repeating: "x", count: 3 * 1024 * 1024) + #""}}"#)
            let tooLarge = try await client.execute(uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(), body: oversized)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorType == "REQUEST_TOO_LARGE")

            let list = try await client.execute(uri: "/v0/\(base)/Tasks", method: .get, headers: harness.headers())
            #expect(list.json["records"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func badIDsFormulasAndRoutesAnswerTheEnvelope() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let checks: [(String, HTTPResponse.Status, String)] = [
                ("/v0/\(base)/Tasks/notARecordId", .notFound, "NOT_FOUND"),
                ("/v0/\(base)/Nope", .notFound, "TABLE_NOT_FOUND"),
                ("/v0/appAAAAAAAAAAAAAA/Tasks", .notFound, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND"),
                ("/v0/notabase/Tasks", .notFound, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND"),
                ("/v0/\(base)/Tasks?filterByFormula=%7BPoints%7D%20%3E", .unprocessableContent, "INVALID_FILTER_BY_FORMULA"),
                ("/v0/\(base)/Tasks?pageSize=500", .unprocessableContent, "INVALID_REQUEST_UNKNOWN"),
                ("/v0/\(base)/Tasks?bogus=1", .unprocessableContent, "INVALID_REQUEST_UNKNOWN"),
                ("/v0/\(base)/Tasks?cellFormat=string", .unprocessableContent, "INVALID_REQUEST_UNKNOWN"),
                ("/v0/\(base)/Tasks?offset=itrnope", .unprocessableContent, "LIST_RECORDS_ITERATOR_NOT_AVAILABLE"),
                ("/nowhere", .notFound, "NOT_FOUND"),
            ]
            for (uri, status, type) in checks {
                let response = try await client.execute(uri: uri, method: .get, headers: harness.headers())
                #expect(response.status == status, "\(uri)")
                #expect(response.errorType == type, "\(uri)")
            }
            let formula = try await client.execute(uri: "/v0/\(base)/Tasks?filterByFormula=%7BPoints%7D%20%3E", method: .get, headers: harness.headers())
            #expect(formula.json["error"]?["message"]?.stringValue?.contains("position") == true)
        }
    }

    @Test func revokedTokensStopWorking() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let ok = try await client.execute(uri: "/v0/meta/bases", method: .get, headers: harness.headers())
            #expect(ok.status == .ok)
            let id = String(harness.token.split(separator: ".")[0])
            try await harness.world.services.auth.revokeAccessToken(id: id, by: harness.world.ownerPrincipal)
            let revoked = try await client.execute(uri: "/v0/meta/bases", method: .get, headers: harness.headers())
            #expect(revoked.status == .unauthorized)
        }
    }

    @Test func rateLimitsAnswer429WithRetryAfter() async throws {
        var configuration = HTTPServerConfiguration.unlimited
        // One request per 1000 s: the bucket's single token is spent by the first request and
        // cannot refill during the test, however slowly the machine runs it.
        configuration.baseRateLimit = 0.001
        let (harness, app) = try await APITestHarness.make(configuration: configuration)
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: String?
            for _ in 0..<5 {
                let response = try await client.execute(uri: "/v0/\(base)/Tasks", method: .get, headers: harness.headers())
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    retryAfter = response.headers[.retryAfter]
                    #expect(response.errorType == "TOO_MANY_REQUESTS")
                }
            }
            #expect(statuses == [.ok] + Array(repeating: .tooManyRequests, count: 4))
            #expect(retryAfter.flatMap(Int.init).map { $0 >= 900 } == true)
        }
    }

    @Test func strangersSeeNothing() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        let (stranger, _) = try await harness.world.makeStranger()
        let (strangerToken, _) = try await harness.world.services.auth.createAccessToken(
            userID: stranger.userID, name: "s", scopes: Set(TokenScope.allCases), baseIDs: nil)
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let bases = try await client.execute(uri: "/v0/meta/bases", method: .get, headers: harness.headers(strangerToken))
            #expect(bases.json["bases"]?.arrayValue?.isEmpty == true)
            for uri in ["/v0/\(base)/Tasks", "/v0/meta/bases/\(base)/tables"] {
                let response = try await client.execute(uri: uri, method: .get, headers: harness.headers(strangerToken))
                #expect(response.status == .notFound)
            }
        }
    }
}
