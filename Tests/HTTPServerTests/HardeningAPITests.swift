import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Search
import TesseraCore
import TesseraTesting
import Testing

/// The single requests that used to end the whole server, and the small leaks issue #17 found:
/// each now answers in Airtable's envelope and the server answers the next request.
@Suite struct HardeningAPITests {
    @Test("a hand-made offset (unsigned base64 JSON, negative returned) answers 422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE")
    func handMadeOffset() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let tables = try await client.execute(uri: "/v0/meta/bases/\(base)/tables", method: .get, headers: harness.headers())
            let tableID = try #require(tables.json["tables"]?.arrayValue?.first?["id"]?.stringValue)
            let forged = #"{"tableID":"\#(tableID)","afterAutoNumber":0,"returned":-9223372036854775807,"queryHash":"x"}"#
            let offset = "itr" + Data(forged.utf8).base64EncodedString()
            let response = try await client.execute(
                uri: "/v0/\(base)/Tasks?maxRecords=5&offset=\(offset.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                method: .get, headers: harness.headers())
            #expect(response.status == .unprocessableContent)
            #expect(response.errorType == "LIST_RECORDS_ITERATOR_NOT_AVAILABLE")
            let next = try await client.execute(uri: "/v0/\(base)/Tasks", method: .get, headers: harness.headers())
            #expect(next.status == .ok)
        }
    }

    @Test("typecast \"1e16\" for a dateTime answers 422 naming the field")
    func hugeEpochTypecast() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            _ = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/Tasks/fields", method: .post, headers: harness.headers(),
                body: .json(["name": "When", "type": "dateTime"]))
            let response = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(),
                body: .json(["records": [["fields": ["When": "1e16"]]], "typecast": true]))
            #expect(response.status == .unprocessableContent)
            #expect(response.errorType == "INVALID_VALUE_FOR_COLUMN")
            #expect(response.json["error"]?["message"]?.stringValue?.contains("\"When\"") == true)
        }
    }

    @Test("a duration of 1e300 reads back with cellFormat=string, listed and by id")
    func hugeDurationAsString() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            _ = try await client.execute(
                uri: "/v0/meta/bases/\(base)/tables/Tasks/fields", method: .post, headers: harness.headers(),
                body: .json(["name": "Took", "type": "duration", "options": ["durationFormat": "h:mm:ss"]]))
            let created = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(),
                body: .json(["fields": ["Name": "long", "Took": 1e300]]))
            let id = try #require(created.json["id"]?.stringValue)
            let listed = try await client.execute(
                uri: "/v0/\(base)/Tasks?cellFormat=string&timeZone=UTC&userLocale=en-us",
                method: .get, headers: harness.headers())
            #expect(listed.status == .ok)
            #expect(listed.json["records"]?.arrayValue?.first?["fields"]?["Took"]?.stringValue?.isEmpty == false)
            let single = try await client.execute(
                uri: "/v0/\(base)/Tasks/\(id)?cellFormat=string&timeZone=Europe%2FParis&userLocale=fr-fr",
                method: .get, headers: harness.headers())
            #expect(single.status == .ok)
            #expect(single.json["fields"]?["Took"] == listed.json["records"]?.arrayValue?.first?["fields"]?["Took"])
        }
    }

    @Test("a formula that builds too much text answers 422 at once instead of running for 20 s")
    func expensiveFormula() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            _ = try await client.execute(uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(), body: .json(["fields": ["Name": "alpha"]]))
            let formula = "SUBSTITUTE(REPT('x',1000000),'x',REPT('y',1000000))"
            let response = try await client.execute(
                uri: "/v0/\(base)/Tasks?filterByFormula=\(formula.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                method: .get, headers: harness.headers())
            #expect(response.status == .unprocessableContent)
            #expect(response.errorType == "INVALID_FILTER_BY_FORMULA")
            _ = try await harness.search.indexer.catchUp()
            let search = try await client.execute(
                uri: "/v0/\(base)/Tasks/search", method: .post, headers: harness.headers(),
                body: .json(["query": "alpha", "mode": "keyword", "filterByFormula": .string(formula)]))
            #expect(search.status == .unprocessableContent)
        }
    }

    @Test("getting one record takes cellFormat, timeZone and userLocale like listing (the pyairtable ORM sends cellFormat=json)")
    func getRecordOptions() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let created = try await client.execute(
                uri: "/v0/\(base)/Tasks", method: .post, headers: harness.headers(),
                body: .json(["fields": ["Name": "a", "Points": 1234]]))
            let id = try #require(created.json["id"]?.stringValue)
            let json = try await client.execute(
                uri: "/v0/\(base)/Tasks/\(id)?cellFormat=json&returnFieldsByFieldId=false", method: .get, headers: harness.headers())
            #expect(json.status == .ok)
            #expect(json.json["fields"]?["Points"] == 1234)
            let text = try await client.execute(
                uri: "/v0/\(base)/Tasks/\(id)?cellFormat=string&timeZone=UTC&userLocale=en-us", method: .get, headers: harness.headers())
            #expect(text.json["fields"]?["Points"] == "1,234")
            let incomplete = try await client.execute(uri: "/v0/\(base)/Tasks/\(id)?cellFormat=string", method: .get, headers: harness.headers())
            #expect(incomplete.status == .unprocessableContent)
            let unknown = try await client.execute(uri: "/v0/\(base)/Tasks/\(id)?cellFormat=xml", method: .get, headers: harness.headers())
            #expect(unknown.status == .unprocessableContent)
        }
    }

    @Test("GET /v0/meta/workspaces shows a base-limited token only the workspaces of its bases")
    func workspacesRespectTheBaseLimit() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        let other = try await harness.world.services.workspaces.createWorkspace(name: "Other", ownerID: harness.world.owner.id)
        try await app.test(.router) { client in
            let base = try await client.createBase(harness)
            let (limited, _) = try await harness.world.services.auth.createAccessToken(
                userID: harness.world.owner.id, name: "one base", scopes: [.schemaRead], baseIDs: [base])
            let all = try await client.execute(uri: "/v0/meta/workspaces", method: .get, headers: harness.headers())
            #expect(Set(all.json["workspaces"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == [harness.world.workspace.id, other.id])
            let narrowed = try await client.execute(uri: "/v0/meta/workspaces", method: .get, headers: harness.headers(limited))
            #expect(narrowed.json["workspaces"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [harness.world.workspace.id])
        }
    }
}
