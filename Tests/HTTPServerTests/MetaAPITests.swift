import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TesseraCore
import TesseraTesting
import Testing

@Suite struct MetaAPITests {
    @Test func schemaCanBeReadAndChanged() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let bases = try await client.execute(uri: "/v0/meta/bases", method: .get, headers: harness.headers())
            #expect(bases.json["bases"]?.arrayValue?.first?["permissionLevel"] == "owner")

            let schema = try await client.execute(uri: "/v0/meta/bases/\(base)/tables", method: .get, headers: harness.headers())
            let table = try #require(schema.json["tables"]?.arrayValue?.first)
            #expect(table["name"] == "Tasks")
            #expect(table["primaryFieldId"] == table["fields"]?.arrayValue?.first?["id"])
            #expect(table["fields"]?.arrayValue?[2]["options"]?["choices"]?.arrayValue?.first?["id"]?.stringValue?.hasPrefix("sel") == true)
            let tableID = table["id"]!.stringValue!

            let field = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/\(tableID)/fields", method: .post, headers: harness.headers(),
                body: .json(["name": "Price", "type": "currency", "options": ["precision": 2, "symbol": "€"]]))
            #expect(field.json["type"] == "currency")
            let fieldID = field.json["id"]!.stringValue!
            let renamed = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/\(tableID)/fields/\(fieldID)", method: .patch, headers: harness.headers(),
                body: .json(["name": "Cost", "description": "in euros"]))
            #expect(renamed.json["name"] == "Cost")
            let duplicate = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/\(tableID)/fields", method: .post, headers: harness.headers(),
                body: .json(["name": "cost", "type": "number"]))
            #expect(duplicate.status == .unprocessableContent)

            let newTable = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables", method: .post, headers: harness.headers(),
                body: .json(["name": "People", "fields": [["name": "Name", "type": "singleLineText"]]]))
            #expect(newTable.json["name"] == "People")
            let updated = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/People", method: .patch, headers: harness.headers(),
                body: .json(["name": "Persons"]))
            #expect(updated.json["name"] == "Persons")

            let whoami = try await client.execute(uri: "/v0/meta/whoami", method: .get, headers: harness.headers())
            #expect(whoami.json["email"] == "owner@example.com")
            #expect(whoami.json["scopes"]?.arrayValue?.isEmpty == false)
        }
    }

    @Test func healthAnswersWithoutAuthentication() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .ok)
            #expect(response.json["status"] == "ok")
            #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
    }
}
