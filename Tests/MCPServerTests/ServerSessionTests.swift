import Foundation
import TesseraCore
import Testing

@Suite("MCP server over pipes")
struct ServerSessionTests {
    @Test("initialize negotiates the version, accepts object capabilities, and lists the features")
    func initialize() async throws {
        let session = try await PipeSession()
        let answer = try await session.initialize(version: "2025-06-18")
        #expect(answer["result"]?["protocolVersion"] == "2025-06-18")
        #expect(answer["result"]?["serverInfo"]?["name"] == "tessera")
        let capabilities = try #require(answer["result"]?["capabilities"])
        #expect(capabilities["tools"] != nil && capabilities["resources"] != nil && capabilities["prompts"] != nil && capabilities["completions"] != nil)
        _ = try await session.finish()
    }

    @Test("an unknown version is answered with the newest one")
    func unknownVersion() async throws {
        let session = try await PipeSession()
        let answer = try await session.initialize(version: "1999-01-01")
        #expect(answer["result"]?["protocolVersion"] == "2025-11-25")
        _ = try await session.finish()
    }

    @Test("tools/call: results carry structured content and its JSON text; failures are isError; bad arguments are -32602")
    func toolCalls() async throws {
        let session = try await PipeSession()
        _ = try await session.initialize()
        let base = JSONValue.string(session.base.id)
        let created = try await session.request(
            1, "tools/call",
            ["name": "create_records", "arguments": ["baseId": base, "table": "Tasks", "records": [["fields": ["Name": "Hello", "Points": 3]]]]])
        let structured = try #require(created["result"]?["structuredContent"])
        #expect(structured["records"]?.arrayValue?.first?["fields"]?["Points"] == 3)
        let text = try #require(created["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue)
        #expect(try JSONValue.parse(Data(text.utf8)) == structured)

        let failed = try await session.request(2, "tools/call", ["name": "describe_table", "arguments": ["baseId": base, "table": "Nope"]])
        #expect(failed["result"]?["isError"] == true)
        #expect(failed["result"]?["structuredContent"] == nil)
        #expect(failed["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("list_tables") == true)

        let invalid = try await session.request(3, "tools/call", ["name": "list_records", "arguments": ["baseId": base]])
        #expect(invalid["error"]?["code"] == -32602)
        let unknown = try await session.request(4, "tools/call", ["name": "nope", "arguments": [:]])
        #expect(unknown["error"]?["code"] == -32602)
        let noName = try await session.request(5, "tools/call", ["arguments": [:]])
        #expect(noName["error"]?["code"] == -32602)
        _ = try await session.finish()
    }

    @Test("tools/list pages with a cursor")
    func toolPages() async throws {
        let session = try await PipeSession(listPageSize: 5)
        _ = try await session.initialize()
        var names: [String] = []
        var cursor: JSONValue?
        var id = 10
        repeat {
            let page = try await session.request(id, "tools/list", cursor.map { ["cursor": $0] } ?? [:])
            names += page["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            cursor = page["result"]?["nextCursor"]
            id += 1
        } while cursor != nil
        #expect(names.count == 17 && Set(names).count == 17)
        let bad = try await session.request(99, "tools/list", ["cursor": "garbage"])
        #expect(bad["error"]?["code"] == -32602)
        // The unsigned cursor format of earlier versions: an offset anyone could write.
        let handMade = try await session.request(100, "tools/list", ["cursor": .string(Data("tsr1:5".utf8).base64EncodedString())])
        #expect(handMade["error"]?["code"] == -32602)
        let otherMethod = try await session.request(
            101, "prompts/list", ["cursor": try #require(try await session.request(102, "tools/list")["result"]?["nextCursor"])])
        #expect(otherMethod["error"]?["code"] == -32602)
        _ = try await session.finish()
    }

    @Test("resources, templates, prompts and completions")
    func resourcesPromptsCompletions() async throws {
        let session = try await PipeSession()
        _ = try await session.initialize()
        let resources = try await session.request(1, "resources/list")
        let uri = try #require(resources["result"]?["resources"]?.arrayValue?.first?["uri"]?.stringValue)
        #expect(uri.hasSuffix("/schema"))
        let read = try await session.request(2, "resources/read", ["uri": .string(uri)])
        let schemaText = try #require(read["result"]?["contents"]?.arrayValue?.first?["text"]?.stringValue)
        #expect(try JSONValue.parse(Data(schemaText.utf8))["name"] == "Tasks")
        let missing = try await session.request(3, "resources/read", ["uri": "tessera://bases/appAAAAAAAAAAAAAA/tables/tblAAAAAAAAAAAAAA/schema"])
        #expect(missing["error"]?["code"] == -32002)
        let templates = try await session.request(4, "resources/templates/list")
        #expect(templates["result"]?["resourceTemplates"]?.arrayValue?.count == 2)

        let prompt = try await session.request(
            5, "prompts/get", ["name": "summarize_table", "arguments": ["baseId": .string(session.base.id), "table": "Tasks"]])
        let text = try #require(prompt["result"]?["messages"]?.arrayValue?.first?["content"]?["text"]?.stringValue)
        #expect(text.contains("\"Tasks\"") && text.contains("\"name\":\"Status\""))
        let missingArgument = try await session.request(6, "prompts/get", ["name": "summarize_table", "arguments": ["table": "Tasks"]])
        #expect(missingArgument["error"]?["code"] == -32602)

        let completion = try await session.request(
            7, "completion/complete",
            [
                "ref": ["type": "ref/prompt", "name": "summarize_table"], "argument": ["name": "table", "value": "Ta"],
                "context": ["arguments": ["baseId": .string(session.base.id)]],
            ])
        #expect(completion["result"]?["completion"]?["values"] == ["Tasks"])
        let baseCompletion = try await session.request(
            8, "completion/complete",
            [
                "ref": ["type": "ref/resource", "uri": "tessera://bases/{baseId}/tables/{tableId}/schema"], "argument": ["name": "baseId", "value": "app"],
            ])
        #expect(baseCompletion["result"]?["completion"]?["values"] == [.string(session.base.id)])
        _ = try await session.finish()
    }

    @Test("malformed lines are answered and the server goes on")
    func malformedLines() async throws {
        let session = try await PipeSession()
        _ = try await session.initialize()
        try session.send("{oops")
        #expect(try await session.next()?["error"]?["code"] == -32700)
        try session.send("[]")
        #expect(try await session.next()?["error"]?["code"] == -32600)
        let ping = try await session.request(1, "ping")
        #expect(ping["result"] == [:])
        _ = try await session.finish()
    }

    @Test("at the end of input the server answers what it accepted, then stops")
    func endOfInput() async throws {
        let session = try await PipeSession()
        _ = try await session.initialize()
        for id in 1...5 {
            try session.send(
                JSONValue.object(["jsonrpc": "2.0", "id": .number(Double(id)), "method": "tools/call", "params": ["name": "list_bases", "arguments": [:]]])
                    .jsonString())
        }
        let rest = try await session.finish()
        #expect(Set(rest.compactMap { $0["id"] }) == [1, 2, 3, 4, 5])
        #expect(rest.allSatisfy { $0["result"]?["structuredContent"]?["bases"] != nil })
    }
}
