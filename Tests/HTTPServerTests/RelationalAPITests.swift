import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TesseraCore
import TesseraTesting
import Testing

/// Links, derived fields and views through the Airtable-shaped wire format.
@Suite struct RelationalAPITests {
    @Test("a link field made through the meta API gets its inverse; derived cells come back in Airtable's shapes")
    func linksAndDerivedFields() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let headers = harness.headers()
            _ = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables", method: .post, headers: headers,
                body: .json(["name": "Projects", "fields": [["name": "Name", "type": "singleLineText"]]]))
            let link = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/Tasks/fields", method: .post, headers: headers,
                body: .json(["name": "Project", "type": "multipleRecordLinks", "options": ["linkedTableId": "Projects"]]))
            #expect(link.status == .ok)
            let inverseID = try #require(link.json["options"]?["inverseLinkFieldId"]?.stringValue)
            let schema = try await client.execute(uri: "/v0/meta/bases/\(base)/tables", method: .get, headers: headers)
            let projects = try #require(schema.json["tables"]?.arrayValue?.first { $0["name"] == "Projects" })
            let inverse = try #require(projects["fields"]?.arrayValue?.first { $0["id"]?.stringValue == inverseID })
            #expect(inverse["type"] == "multipleRecordLinks")
            #expect(inverse["options"]?["linkedTableId"] == schema.json["tables"]?.arrayValue?.first { $0["name"] == "Tasks" }?["id"])

            for definition: JSONValue in [
                [
                    "name": "Total", "type": "rollup",
                    "options": ["recordLinkFieldId": .string(inverseID), "fieldIdInLinkedTable": "Points", "formula": "SUM(values)"],
                ],
                ["name": "Tasks count", "type": "count", "options": ["recordLinkFieldId": .string(inverseID)]],
                ["name": "Task names", "type": "multipleLookupValues", "options": ["recordLinkFieldId": .string(inverseID), "fieldIdInLinkedTable": "Name"]],
                ["name": "Label", "type": "formula", "options": ["formula": "{Name} & ' (' & {Tasks count} & ')'"]],
            ] {
                let response = try await client.execute(
                    uri: "/v0/meta/bases/\(base)/tables/Projects/fields", method: .post, headers: headers, body: .json(definition))
                #expect(response.status == .ok, "\(definition["name"]?.stringValue ?? ""): \(response.json)")
            }
            let project = try await client.execute(
                uri: "/v0/\(base)/Projects", method: .post, headers: headers,
                body: .json(["fields": ["Name": "Launch"]]))
            let projectID = try #require(project.json["id"]?.stringValue)
            let tasks = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: headers,
                body: .json([
                    "records": [
                        ["fields": ["Name": "write", "Points": 3, "Project": [.string(projectID)]]],
                        ["fields": ["Name": "ship", "Points": 5, "Project": [.string(projectID)]]],
                    ]
                ]))
            #expect(tasks.status == .ok, "\(tasks.json)")

            let read = try await client.execute(uri: "/v0/\(base)/Projects/\(projectID)", method: .get, headers: headers)
            let fields = read.json["fields"]
            #expect(fields?["Total"] == 8)
            #expect(fields?["Tasks count"] == 2)
            #expect(fields?["Task names"]?.arrayValue?.compactMap(\.stringValue).sorted() == ["ship", "write"])
            #expect(fields?["Label"] == "Launch (2)")
            #expect(fields?["Tasks"]?.arrayValue?.count == 2, "the inverse link lists both tasks")

            // Typecast names a linked record by its primary value; string cells show names.
            let typecast = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: headers,
                body: .json(["fields": ["Name": "plan", "Project": ["Launch"]], "typecast": true]))
            #expect(typecast.json["fields"]?["Project"] == [.string(projectID)])
            let strings = try await client.execute(uri: "/v0/\(base)/Projects?cellFormat=string&timeZone=UTC&userLocale=en", method: .get, headers: headers)
            let row = try #require(strings.json["records"]?.arrayValue?.first)
            #expect(row["fields"]?["Tasks"]?.stringValue?.contains("plan") == true)

            // Derived fields refuse writes in Airtable's envelope; sorting by a rollup works.
            let refused = try await client.execute(
                uri: "/v0/\(base)/Projects/\(projectID)", method: .patch, headers: headers,
                body: .json(["fields": ["Total": 1]]))
            #expect(refused.status == .unprocessableContent && refused.errorType != nil)
            let sorted = try await client.execute(
                uri: "/v0/\(base)/Projects?sort%5B0%5D%5Bfield%5D=Total&sort%5B0%5D%5Bdirection%5D=desc", method: .get, headers: headers)
            #expect(sorted.status == .ok)
            let filtered = try await client.execute(uri: "/v0/\(base)/Projects?filterByFormula=%7BTotal%7D%3E7", method: .get, headers: headers)
            #expect(filtered.json["records"]?.arrayValue?.count == 1)
        }
    }

    @Test("views are listed, made, changed and removed through the meta API and applied by listings")
    func views() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let headers = harness.headers()
            _ = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: headers,
                body: .json([
                    "records": [
                        ["fields": ["Name": "a", "Points": 1, "Status": "Todo"]],
                        ["fields": ["Name": "b", "Points": 2, "Status": "Done"]],
                        ["fields": ["Name": "c", "Points": 3, "Status": "Todo"]],
                    ]
                ]))
            let viewsURI = "/v0/meta/bases/\(base)/tables/Tasks/views"
            let made = try await client.execute(
                uri: viewsURI, method: .post, headers: headers,
                body: .json([
                    "name": "Open", "filterByFormula": "{Status} = 'Todo'", "sort": [["field": "Points", "direction": "desc"]],
                ]))
            #expect(made.status == .ok, "\(made.json)")
            let viewID = try #require(made.json["id"]?.stringValue)
            #expect(viewID.hasPrefix("viw"))
            #expect(made.json["filterByFormula"]?.stringValue?.hasPrefix("{fld") == true)

            let listed = try await client.execute(uri: viewsURI, method: .get, headers: headers)
            #expect(listed.json["views"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Grid view", "Open"])
            let schema = try await client.execute(uri: "/v0/meta/bases/\(base)/tables", method: .get, headers: headers)
            #expect(schema.json["tables"]?.arrayValue?.first?["views"]?.arrayValue?.count == 2)

            let names = { (response: TestResponse) in response.json["records"]?.arrayValue?.compactMap { $0["fields"]?["Name"]?.stringValue } }
            #expect(names(try await client.execute(uri: "/v0/\(base)/Tasks?view=Open", method: .get, headers: headers)) == ["c", "a"])
            #expect(names(try await client.execute(uri: "/v0/\(base)/Tasks?view=\(viewID)", method: .get, headers: headers)) == ["c", "a"])
            let posted = try await client.execute(uri: "/v0/\(base)/Tasks/listRecords", method: .post, headers: headers, body: .json(["view": "Open"]))
            #expect(names(posted) == ["c", "a"])

            let changed = try await client.execute(
                uri: "\(viewsURI)/\(viewID)", method: .patch, headers: headers,
                body: .json(["sort": [["field": "Name"]]]))
            #expect(changed.status == .ok)
            #expect(names(try await client.execute(uri: "/v0/\(base)/Tasks?view=Open", method: .get, headers: headers)) == ["a", "c"])

            let bad = try await client.execute(uri: viewsURI, method: .post, headers: headers, body: .json(["name": "Bad", "filterByFormula": "{Missing}"]))
            #expect(bad.status == .unprocessableContent && bad.errorType != nil)
            let missing = try await client.execute(uri: "/v0/\(base)/Tasks?view=Nope", method: .get, headers: headers)
            #expect(missing.status == .notFound || missing.status == .unprocessableContent)
            #expect(missing.errorType == "VIEW_NAME_NOT_FOUND")

            let deleted = try await client.execute(uri: "\(viewsURI)/Open", method: .delete, headers: headers)
            #expect(deleted.json["id"]?.stringValue == viewID && deleted.json["deleted"] == true)
            let last = try await client.execute(uri: "\(viewsURI)/Grid%20view", method: .delete, headers: headers)
            #expect(last.status == .unprocessableContent, "a table keeps one view")
        }
    }
}
