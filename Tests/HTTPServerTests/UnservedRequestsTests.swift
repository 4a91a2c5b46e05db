import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TesseraCore
import TesseraTesting
import Testing

/// What no route answers: 405 with `Allow` where the path is served with other methods, else 404;
/// under /v1 in OpenAI's envelope like the routes there.
@Suite struct UnservedRequestsTests {
    @Test func aServedPathWithAnotherMethodAnswers405WithAllow() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let wrongMethod = try await client.execute(uri: "/v0/meta/whoami", method: .post, headers: harness.headers())
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "GET")
            #expect(wrongMethod.errorType == "METHOD_NOT_ALLOWED")
            let base = try await client.createBase(harness)
            let records = try await client.execute(uri: "/v0/\(base)/Tasks/listRecords", method: .get, headers: harness.headers())
            #expect(records.status == .methodNotAllowed)
            #expect(records.headers[.allow] == "POST")
            let unknown = try await client.execute(uri: "/v0/meta/nothing/here/at/all", method: .get, headers: harness.headers())
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.allow] == nil)
        }
    }

    @Test func unservedRequestsUnderV1AnswerOpenAIsEnvelope() async throws {
        let (harness, router) = try await APITestHarness.makeFullRouter()
        defer { harness.world.remove() }
        try await Application(router: router).test(.router) { client in
            let unknown = try await client.execute(uri: "/v1/nothing/here", method: .get, headers: harness.headers())
            #expect(unknown.status == .notFound)
            #expect(unknown.json["error"]?["param"] != nil)
            #expect(unknown.json["error"]?["code"] != nil)
            let wrongMethod = try await client.execute(uri: "/v1/chat/completions", method: .get, headers: harness.headers())
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
            #expect(wrongMethod.json["error"]?["type"]?.stringValue == "invalid_request_error")
            let airtable = try await client.execute(uri: "/v0/meta/whoami", method: .delete, headers: harness.headers())
            #expect(airtable.errorType == "METHOD_NOT_ALLOWED")
        }
    }
}
