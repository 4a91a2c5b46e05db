import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TesseraCore
import TesseraTesting
import Testing

/// Values of the wrong type are refused with 422 rather than ignored, as openapi.json promises
/// (found by schemathesis' negative data checks).
@Suite struct RequestValidationTests {
    @Test func schemaUpdatesRefuseNonStringNamesAndDescriptions() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            for body: JSONValue in [["name": 5], ["description": ["a"]], ["name": false, "description": "fine"]] {
                for uri in ["/v0/meta/bases/\(base)/tables/Tasks", "/v0/meta/bases/\(base)/tables/Tasks/fields/Name"] {
                    let response = try await client.execute(uri: uri, method: .patch, headers: harness.headers(), body: .json(body))
                    #expect(response.status == .unprocessableContent, "\(uri) \(body.jsonString())")
                }
            }
            let tables = try await client.execute(uri: "/v0/meta/bases/\(base)/tables", method: .get, headers: harness.headers())
            let table = tables.json["tables"]?.arrayValue?.first
            #expect(table?["name"]?.stringValue == "Tasks")
            #expect(table?["description"] == nil)
            let renamed = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/Tasks", method: .patch, headers: harness.headers(), body: .json(["name": "Jobs", "description": .null]))
            #expect(renamed.status == .ok)
            #expect(renamed.json["name"]?.stringValue == "Jobs")
        }
    }

    @Test func listRecordsBodyRefusesANonStringSortDirection() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let uri = "/v0/\(base)/Tasks/listRecords"
            let wrong = try await client.execute(
                uri: uri, method: .post, headers: harness.headers(), body: .json(["sort": [["field": "Name", "direction": 1]]]))
            #expect(wrong.status == .unprocessableContent)
            for direction: JSONValue in ["desc", .null] {
                let right = try await client.execute(
                    uri: uri, method: .post, headers: harness.headers(), body: .json(["sort": [["field": "Name", "direction": direction]]]))
                #expect(right.status == .ok)
            }
        }
    }

    @Test func upsertRefusesMergeFieldsThatAreNotAllStrings() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            func upsert(_ mergeOn: JSONValue) async throws -> HTTPResponse.Status {
                let body: JSONValue = ["records": [["fields": ["Name": "Write"]]], "performUpsert": ["fieldsToMergeOn": mergeOn]]
                return try await client.execute(uri: "/v0/\(base)/Tasks", method: .patch, headers: harness.headers(), body: .json(body)).status
            }
            #expect(try await upsert(["Name", 5]) == .unprocessableContent)
            #expect(try await upsert(["Name"]) == .ok)
        }
    }

    @Test func getRecordRefusesAFlagThatIsNotABoolean() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let created = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(), body: .json(["fields": ["Name": "Write"]]))
            let uri = "/v0/\(base)/Tasks/\(created.json["id"]?.stringValue ?? "")"
            for flag in ["yes", ""] {
                let wrong = try await client.execute(uri: uri + "?returnFieldsByFieldId=\(flag)", method: .get, headers: harness.headers())
                #expect(wrong.status == .unprocessableContent)
            }
            let byID = try await client.execute(uri: uri + "?returnFieldsByFieldId=TRUE", method: .get, headers: harness.headers())
            #expect(byID.status == .ok)
            #expect(byID.json["fields"]?["Name"] == nil)
        }
    }

    @Test func createRefusesBothFieldsAndRecords() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            for fields: JSONValue in [[.null, .null], ["Name": "One"], .null] {
                let body: JSONValue = ["fields": fields, "records": [["fields": ["Name": "Two"]]]]
                let response = try await client.execute(uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(), body: .json(body))
                #expect(response.status == .unprocessableContent)
            }
            let listed = try await client.execute(uri: "/v0/\(base)/Tasks", method: .get, headers: harness.headers())
            #expect(listed.json["records"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func tableDefinitionsRefuseANonStringDescription() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let table: JSONValue = ["name": "Notes", "description": 5, "fields": [["name": "Text", "type": "singleLineText"]]]
            let created = try await client.execute(uri: "/v0/meta/bases/\(base)/tables", method: .post, headers: harness.headers(), body: .json(table))
            #expect(created.status == .unprocessableContent)
            let newBase: JSONValue = ["name": "Other", "workspaceId": .string(harness.world.workspace.id), "tables": [table]]
            let based = try await client.execute(uri: "/v0/meta/bases", method: .post, headers: harness.headers(), body: .json(newBase))
            #expect(based.status == .unprocessableContent)
        }
    }
}
