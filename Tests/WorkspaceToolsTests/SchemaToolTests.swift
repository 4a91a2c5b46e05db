import TesseraCore
import TesseraTesting
import Testing
import WorkspaceTools

@Suite("Schema tools")
struct SchemaToolTests {
    @Test("list_workspaces and list_bases show what the owner reaches")
    func workspacesAndBases() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let workspaces = try await world.call("list_workspaces", [:])
        #expect(workspaces["workspaces"] == [["id": .string(world.world.workspace.id), "name": "Main", "permissionLevel": "owner"]])
        let bases = try await world.call("list_bases", ["workspaceId": .string(world.world.workspace.id)])
        #expect(bases["bases"]?.arrayValue?.map { $0["id"] } == [.string(world.base.id)])
        let none = try await world.call("list_bases", ["workspaceId": "wspNoSuchWorkspac"])
        #expect(none["bases"] == [])
    }

    @Test("list_tables answers at three levels of detail")
    func listTables() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let ids = try await world.call("list_tables", ["baseId": .string(world.base.id), "detail": "ids"])
        #expect(ids["tables"] == [["id": .string(world.table.id)]])
        let names = try await world.call("list_tables", ["baseId": .string(world.base.id)])
        #expect(names["tables"] == [["id": .string(world.table.id), "name": "Tasks"]])
        let full = try await world.call("list_tables", ["baseId": .string(world.base.id), "detail": "full"])
        #expect(full["tables"]?.arrayValue?.first?["fields"]?.arrayValue?.count == world.table.fields.count)
    }

    @Test("describe_table gives the schema; a wrong table name says where to look")
    func describeTable() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let schema = try await world.call("describe_table", ["baseId": .string(world.base.id), "table": "Tasks"])
        #expect(schema["primaryFieldId"] == .string(world.table.primaryFieldID))
        #expect(schema["fields"]?.arrayValue?.map { $0["name"] }.contains("Status") == true)
        let message = await world.failure("describe_table", ["baseId": .string(world.base.id), "table": "Taks"])
        #expect(message?.contains("Could not find table Taks") == true)
        #expect(message?.contains("list_tables") == true)
    }

    @Test("create_table, create_field and update_field change the schema")
    func schemaWrites() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let baseID = JSONValue.string(world.base.id)
        let table = try await world.call(
            "create_table",
            [
                "baseId": baseID, "name": "Contacts",
                "fields": [
                    ["name": "Name", "type": "singleLineText"],
                    ["name": "Kind", "type": "singleSelect", "options": ["choices": [["name": "Friend"], ["name": "Work"]]]],
                ],
            ])
        #expect(table["name"] == "Contacts")
        let field = try await world.call("create_field", ["baseId": baseID, "table": "Contacts", "name": "Email", "type": "email"])
        #expect(field["type"] == "email")
        let renamed = try await world.call("update_field", ["baseId": baseID, "table": "Contacts", "field": "Email", "name": "Mail"])
        #expect(renamed["name"] == "Mail")
        let duplicate = await world.failure("create_table", ["baseId": baseID, "name": "contacts", "fields": [["name": "Name", "type": "singleLineText"]]])
        #expect(duplicate?.contains("already exists") == true)
    }

    @Test("update_field refuses to drop select choices without confirm")
    func droppingChoicesNeedsConfirm() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let arguments: [String: JSONValue] = [
            "baseId": .string(world.base.id), "table": "Tasks", "field": "Status", "options": ["choices": [["name": "Todo"], ["name": "Done"]]],
        ]
        let message = await world.failure("update_field", .object(arguments))
        #expect(message?.contains("\"Doing\"") == true)
        #expect(message?.contains("confirm: true") == true)
        var confirmed = arguments
        confirmed["confirm"] = true
        let field = try await world.call("update_field", .object(confirmed))
        #expect(field["options"]?["choices"]?.arrayValue?.count == 2)
    }
}
