import TesseraCore
import Testing
import WorkspaceTools

@testable import MCPServer

@Suite("tools/call results as JSON text")
struct ToolCallOutcomeTests {
    @Test(arguments: [
        ToolCallOutcome.result(.value(["records": [["id": "rec1", "fields": ["Name": "quote \" backslash \\ newline \n ünï"]]], "total": 1])),
        .result(.value(["count": 0])),
        .result(.value("a bare string")),
        .result(.text(Array(#"{"records":[{"fields":{"Name":"ünï \"q\""},"id":"rec1"}],"total":1}"#.utf8))),
        .failure("No table \"Tasks\" in this base; list_tables shows the tables."),
    ])
    func encodedOnceIsTheGenericEncoding(_ outcome: ToolCallOutcome) throws {
        #expect(outcome.jsonBytes() == (try outcome.json()).jsonBytes())
        #expect(try JSONValue.parse(String(decoding: outcome.jsonBytes(), as: UTF8.self)) == (try outcome.json()))
    }
}
