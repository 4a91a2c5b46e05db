import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TesseraCore
import TesseraTesting
import Testing

@Suite struct RecordsAPITests {
    @Test func createListGetUpdateDeleteRoundTrip() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let created = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(),
                body: .json(["records": [["fields": ["Name": "a", "Points": 1]], ["fields": ["Name": "b", "Status": "Done"]]]]))
            #expect(created.status == .ok)
            let ids = created.json["records"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.count == 2)

            let single = try await client.execute(uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(), body: .json(["fields": ["Name": "c"]]))
            #expect(single.json["fields"]?["Name"] == "c")
            #expect(single.json["createdTime"]?.stringValue != nil)

            let list = try await client.execute(
                uri: "/v0/\(base)/Tasks?pageSize=2&sort%5B0%5D%5Bfield%5D=Name&sort%5B0%5D%5Bdirection%5D=desc", method: .get, headers: harness.headers())
            #expect(list.json["records"]?.arrayValue?.compactMap { $0["fields"]?["Name"]?.stringValue } == ["c", "b"])
            let offset = try #require(list.json["offset"]?.stringValue)
            let next = try await client.execute(
                uri: "/v0/\(base)/Tasks?pageSize=2&sort%5B0%5D%5Bfield%5D=Name&sort%5B0%5D%5Bdirection%5D=desc&offset=\(offset)", method: .get,
                headers: harness.headers())
            #expect(next.json["records"]?.arrayValue?.compactMap { $0["fields"]?["Name"]?.stringValue } == ["a"])
            #expect(next.json["offset"] == nil)

            let got = try await client.execute(uri: "/v0/\(base)/Tasks/\(ids[1])", method: .get, headers: harness.headers())
            #expect(got.json["fields"]?["Status"] == "Done")

            let patched = try await client.execute(
                uri: "/v0/\(base)/Tasks/\(ids[0])", method: .patch, headers: harness.headers(), body: .json(["fields": ["Points": 5]]))
            #expect(patched.json["fields"]?["Points"] == 5)
            #expect(patched.json["fields"]?["Name"] == "a")

            let deleted = try await client.execute(
                uri: "/v0/\(base)/Tasks?records%5B%5D=\(ids[0])&records%5B%5D=\(ids[1])", method: .delete, headers: harness.headers())
            #expect(deleted.json["records"]?.arrayValue?.count == 2)
            let gone = try await client.execute(uri: "/v0/\(base)/Tasks/\(ids[0])", method: .get, headers: harness.headers())
            #expect(gone.status == .notFound)
            #expect(gone.errorType == "NOT_FOUND")
        }
    }

    @Test func tableNamesWithSlashesArriveEncoded() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness, tableName: "Q1/Q2 plans")
            let created = try await client.execute(
                uri: "/v0/\(base)/Q1%2FQ2%20plans", method: .post, headers: harness.headers(), body: .json(["fields": ["Name": "x"]]))
            #expect(created.status == .ok)
            let list = try await client.execute(uri: "/v0/\(base)/Q1%2FQ2%20plans", method: .get, headers: harness.headers())
            #expect(list.json["records"]?.arrayValue?.count == 1)
        }
    }

    @Test func listRecordsByPOSTTakesTheSameOptions() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            _ = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(),
                body: .json(["records": [["fields": ["Name": "a", "Points": 1]], ["fields": ["Name": "b", "Points": 7]]]]))
            let response = try await client.execute(
                uri: "/v0/\(base)/Tasks/listRecords", method: .post, headers: harness.headers(),
                body: .json(["filterByFormula": "{Points} > 3", "fields": ["Name"], "returnFieldsByFieldId": true]))
            let records = response.json["records"]?.arrayValue ?? []
            #expect(records.count == 1)
            let fields = records.first?["fields"]?.objectValue ?? [:]
            #expect(fields.count == 1)
            #expect(fields.keys.first?.hasPrefix("fld") == true)
            #expect(fields.values.first == "b")
        }
    }

    @Test func upsertAnswersCreatedAndUpdatedIDs() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            _ = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(), body: .json(["fields": ["Name": "a", "Points": 1]]))
            let response = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .patch, headers: harness.headers(),
                body: .json([
                    "performUpsert": ["fieldsToMergeOn": ["Name"]],
                    "records": [["fields": ["Name": "a", "Points": 2]], ["fields": ["Name": "z", "Points": 3]]],
                ]))
            #expect(response.status == .ok)
            #expect(response.json["createdRecords"]?.arrayValue?.count == 1)
            #expect(response.json["updatedRecords"]?.arrayValue?.count == 1)
            #expect(response.json["records"]?.arrayValue?.count == 2)
        }
    }

    @Test func commentsRoundTrip() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let record = try await client.execute(uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(), body: .json(["fields": ["Name": "a"]]))
                .json["id"]!.stringValue!
            let comment = try await client.execute(
                uri: "/v0/\(base)/Tasks/\(record)/comments", method: .post, headers: harness.headers(), body: .json(["text": "hello"]))
            #expect(comment.json["author"]?["email"] == "owner@example.com")
            let commentID = comment.json["id"]!.stringValue!
            let edited = try await client.execute(
                uri: "/v0/\(base)/Tasks/\(record)/comments/\(commentID)", method: .patch, headers: harness.headers(), body: .json(["text": "edited"]))
            #expect(edited.json["text"] == "edited")
            let list = try await client.execute(uri: "/v0/\(base)/Tasks/\(record)/comments", method: .get, headers: harness.headers())
            #expect(list.json["comments"]?.arrayValue?.first?["text"] == "edited")
            let counted = try await client.execute(uri: "/v0/\(base)/Tasks?recordMetadata%5B%5D=commentCount", method: .get, headers: harness.headers())
            #expect(counted.json["records"]?.arrayValue?.first?["commentCount"] == 1)
            let deleted = try await client.execute(uri: "/v0/\(base)/Tasks/\(record)/comments/\(commentID)", method: .delete, headers: harness.headers())
            #expect(deleted.json["deleted"] == true)
        }
    }
}
