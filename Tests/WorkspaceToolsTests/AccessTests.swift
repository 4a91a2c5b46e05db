import TesseraCore
import TesseraTesting
import Testing
import WorkspaceTools

@Suite("Tool access")
struct AccessTests {
    @Test("a token limited to one base cannot see another")
    func baseLimitedToken() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let (other, _) = try await world.world.makeTasksBase(name: "Other")
        let limited = try await world.tokenPrincipal(scopes: Set(TokenScope.allCases), baseIDs: [world.base.id])
        let bases = try await world.call("list_bases", [:], as: limited)
        #expect(bases["bases"]?.arrayValue?.map { $0["id"] } == [.string(world.base.id)])
        let message = await world.failure("list_records", ["baseId": .string(other.id), "table": "Tasks"], as: limited)
        #expect(message?.contains("list_bases") == true, "\(message ?? "")")
        let hidden = await world.failure("describe_table", ["baseId": .string(other.id), "table": "Tasks"], as: limited)
        #expect(hidden?.contains("not found") == true)
    }

    @Test("a read-only token reads but cannot write")
    func readOnlyToken() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        try await world.addTasks(2)
        let reader = try await world.tokenPrincipal(scopes: [.recordsRead, .schemaRead])
        let count = try await world.call("count_records", ["baseId": .string(world.base.id), "table": "Tasks"], as: reader)
        #expect(count == ["count": 2])
        let message = await world.failure(
            "create_records", ["baseId": .string(world.base.id), "table": "Tasks", "records": [["fields": ["Name": "x"]]]], as: reader)
        #expect(message?.contains("data.records:write") == true, "\(message ?? "")")
        #expect(try await world.call("count_records", ["baseId": .string(world.base.id), "table": "Tasks"]) == ["count": 2])
    }

    @Test("a stranger sees none of the owner's bases")
    func stranger() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let (stranger, _) = try await world.world.makeStranger()
        let bases = try await world.call("list_bases", [:], as: stranger)
        #expect(bases["bases"] == [])
        let message = await world.failure("get_record", ["baseId": .string(world.base.id), "table": "Tasks", "recordId": "recAAAAAAAAAAAAAA"], as: stranger)
        #expect(message != nil)
    }
}
