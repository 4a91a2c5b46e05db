import TesseraCore
import TesseraTesting
import Testing
import WorkspaceTools

@Suite("Tool registry")
struct RegistryTests {
    @Test("has every tool of the issue, each once")
    func toolNames() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        #expect(
            world.tools.tools.map(\.name).sorted() == [
                "count_records", "create_comment", "create_field", "create_records", "create_table", "delete_records",
                "describe_table", "get_record", "list_bases", "list_comments", "list_linked_records", "list_records", "list_tables",
                "list_workspaces", "search_records", "update_field", "update_records",
            ])
    }

    @Test("input schemas are closed objects whose required members exist")
    func inputSchemas() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        for tool in world.tools.tools {
            let schema = tool.inputSchema
            #expect(schema["type"] == "object", "\(tool.name)")
            #expect(schema["additionalProperties"] == false, "\(tool.name)")
            let properties = try #require(schema["properties"]?.objectValue, "\(tool.name)")
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                #expect(properties[name] != nil, "\(tool.name) requires unknown \(name)")
            }
            for (name, property) in properties {
                #expect(property["description"]?.stringValue?.isEmpty == false, "\(tool.name).\(name) needs a description")
            }
            #expect(tool.outputSchema["type"] == "object", "\(tool.name)")
            #expect(!tool.title.isEmpty && tool.description.count > 40, "\(tool.name)")
        }
    }

    @Test("annotations: reads are read-only, writes that overwrite or delete are destructive")
    func annotations() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let byName = Dictionary(uniqueKeysWithValues: world.tools.tools.map { ($0.name, $0.annotations) })
        for name in [
            "list_workspaces", "list_bases", "list_tables", "describe_table", "list_records", "get_record", "search_records", "count_records", "list_comments",
        ] {
            #expect(byName[name] == .reading, "\(name)")
        }
        for name in ["create_records", "create_table", "create_field", "create_comment"] {
            #expect(byName[name]?.readOnly == false && byName[name]?.destructive == false && byName[name]?.idempotent == false, "\(name)")
        }
        for name in ["update_records", "delete_records", "update_field"] {
            #expect(byName[name]?.destructive == true, "\(name)")
        }
        #expect(world.tools.tools.allSatisfy { !$0.annotations.openWorld })
    }

    @Test("an unknown tool is a protocol error")
    func unknownTool() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        await #expect(throws: ToolCallError.unknownTool("drop_everything")) {
            try await world.call("drop_everything", [:])
        }
    }

    static let invalidArgumentCases: [(JSONValue, String)] = [
        (["table": "Tasks"], "missing the required member \"baseId\""),
        (["baseId": "appX", "table": "Tasks", "colour": "red"], "unknown member \"colour\""),
        (["baseId": 42, "table": "Tasks"], "arguments.baseId must be a string"),
        (["baseId": "appX", "table": "Tasks", "limit": 101], "arguments.limit must be at most 100"),
        (["baseId": "appX", "table": "Tasks", "limit": 2.5], "arguments.limit must be an integer"),
        (["baseId": "appX", "table": "Tasks", "sort": [["field": "Name", "direction": "up"]]], "arguments.sort[0].direction must be one of"),
        (["baseId": "", "table": "Tasks"], "arguments.baseId must not be empty"),
    ]

    @Test("arguments that break the schema are refused before any service call", arguments: invalidArgumentCases)
    func invalidArguments(arguments: JSONValue, expected: String) async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        do {
            _ = try await world.call("list_records", arguments)
            Issue.record("expected invalid arguments")
        } catch .invalidArguments(let message) {
            #expect(message.contains(expected), "\(message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
