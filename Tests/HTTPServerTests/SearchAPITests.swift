import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Search
import TesseraCore
import TesseraTesting
import Testing

@Suite struct SearchAPITests {
    @Test func searchAnswersAirtableShapedRecordsWithScoresAndStatus() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            _ = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(),
                body: .json([
                    "records": [
                        ["fields": ["Name": "renew the car insurance", "Points": 1]],
                        ["fields": ["Name": "insurance claim for the bike", "Points": 2]],
                        ["fields": ["Name": "buy milk", "Points": 3]],
                    ]
                ]))
            try await harness.search.indexer.catchUp()

            let found = try await client.execute(
                uri: "/v0/\(base)/Tasks/search", method: .post, headers: harness.headers(),
                body: .json(["query": "insurance", "k": 5, "mode": "keyword", "filterByFormula": "{Points} > 1"]))
            #expect(found.status == .ok)
            let records = try #require(found.json["records"]?.arrayValue)
            #expect(records.compactMap { $0["fields"]?["Name"]?.stringValue } == ["insurance claim for the bike"])
            #expect(records[0]["rank"] == 1)
            #expect(records[0]["score"]?.numberValue != nil)
            #expect(records[0]["createdTime"]?.stringValue != nil)

            let hybrid = try await client.execute(
                uri: "/v0/\(base)/Tasks/search", method: .post, headers: harness.headers(),
                body: .json(["query": "car insurance", "fields": ["Name"]]))
            #expect(hybrid.json["mode"] == "hybrid")
            #expect(hybrid.json["records"]?.arrayValue?.first?["fields"]?["Name"] == "renew the car insurance")

            let status = try await client.execute(uri: "/v0/\(base)/Tasks/search/status", method: .get, headers: harness.headers())
            #expect(status.json["kind"] == "flat")
            #expect(status.json["vectors"] == 3)
            #expect(status.json["eventsBehind"] == 0)
            #expect(status.json["model"] == "hashing-384")
        }
    }

    static let badBodies: [(JSONValue, String)] = [
        (["query": 3], "\"query\" must be a string"),
        (["query": "x", "mode": "fuzzy"], "\"mode\" must be one of"),
        (["query": "x", "k": 2.5], "\"k\" must be a whole number"),
        (["query": "x", "k": 500], "k must be between 1 and 100"),
        (["query": "x", "limit": 3], "Unknown property \"limit\""),
        (["query": "x", "filterByFormula": "{Nope}"], "INVALID_FILTER_BY_FORMULA"),
    ]

    @Test(arguments: badBodies)
    func badSearchRequestsGetTheAirtableErrorEnvelope(body: JSONValue, message: String) async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let response = try await client.execute(uri: "/v0/\(base)/Tasks/search", method: .post, headers: harness.headers(), body: .json(body))
            #expect(response.status == .unprocessableContent)
            let error = response.json["error"]
            #expect((error?["message"]?.stringValue ?? "").contains(message) || error?["type"]?.stringValue == message, "\(response.json)")
        }
    }

    @Test func searchableFieldsAreATableOption() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let updated = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/Tasks", method: .patch, headers: harness.headers(),
                body: .json(["searchableFields": ["Name"]]))
            #expect(updated.status == .ok)
            #expect(updated.json["searchableFieldIds"]?.arrayValue?.count == 1)
            let reset = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/Tasks", method: .patch, headers: harness.headers(),
                body: .json(["searchableFields": .null]))
            #expect(reset.json["searchableFieldIds"] == nil)
            let bad = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/Tasks", method: .patch, headers: harness.headers(),
                body: .json(["searchableFields": ["Missing"]]))
            #expect(bad.status == .unprocessableContent)
        }
    }
}
