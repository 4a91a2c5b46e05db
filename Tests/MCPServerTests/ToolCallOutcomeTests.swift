import Testing
import TesseraCore
@testable import MCPServer

@Suite("tools/call results as JSON text")
struct ToolCallOutcomeTests {
    @Test(arguments: [
        ToolCallOutcome.result(["records": [["id": "rec1", "fields": ["Name": "quote \" backslash \\ newline \n ünï"]]], "total": 1]),
        .result(["count": 0]),
        .result("a bare string"),
        .failure("No table \"Tasks\" in this base; list_tables shows the tables."),
    ])
    func encodedOnceIsTheGenericEncoding(_ outcome: ToolCallOutcome) throws {
        #expect(outcome.jsonBytes() == outcome.json.jsonBytes())
        #expect(try JSONValue.parse(String(decoding: outcome.jsonBytes(), as: UTF8.self)) == outcome.json)
    }
}
