import Testing

@testable import MCPServer

@Suite("Resource URIs")
struct ResourceURITests {
    @Test("schema and records URIs parse and print back")
    func roundTrip() {
        let schema = TesseraResourceURI("tessera://bases/appA/tables/tblB/schema")
        #expect(schema == .schema(baseID: "appA", tableID: "tblB"))
        let records = TesseraResourceURI("tessera://bases/appA/tables/tblB/records?formula=%7BPoints%7D%20%3E%203")
        #expect(records == .records(baseID: "appA", tableID: "tblB", formula: "{Points} > 3"))
        #expect(TesseraResourceURI(records!.text) == records)
        #expect(TesseraResourceURI("tessera://bases/appA/tables/tblB/records") == .records(baseID: "appA", tableID: "tblB", formula: nil))
    }

    @Test(
        "anything else is not a Tessera resource",
        arguments: [
            "https://bases/appA/tables/tblB/schema", "tessera://bases/appA/tables/tblB", "tessera://bases/appA/tables/tblB/rows",
            "tessera://bases//tables/tblB/schema", "tessera://bases/appA/tables/tblB/schema?x=1", "tessera://bases/appA/tables/tblB/records?sort=x", "",
        ])
    func rejects(uri: String) {
        #expect(TesseraResourceURI(uri) == nil)
    }
}
