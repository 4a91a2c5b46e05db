import TesseraCore
import TesseraTesting
import Testing
import WorkspaceTools

@Suite("Audit of tool calls")
struct ToolAuditTests {
    @Test("a tool that writes is in the audit log with its base and token; a reading or refused call is not")
    func writesAreAudited() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let principal = try await world.tokenPrincipal(scopes: [.recordsRead, .recordsWrite])
        let ids = try await world.addTasks(2)
        _ = try await world.call("list_records", ["baseId": .string(world.base.id), "table": "Tasks"], as: principal)
        let deletion: [String: JSONValue] = ["baseId": .string(world.base.id), "table": "Tasks", "recordIds": [.string(ids[0])]]
        // Unconfirmed, nothing is deleted and nothing is recorded.
        #expect(await world.failure("delete_records", .object(deletion), as: principal) != nil)
        var confirmed = deletion
        confirmed["confirm"] = true
        _ = try await world.call("delete_records", .object(confirmed), as: principal)

        var query = AuditQuery(workspaceID: world.world.workspace.id)
        query.actions = [.toolWrote]
        query.ascending = true
        let entries = try await world.world.services.audit.page(query, cursor: nil, for: world.owner).entries
        #expect(entries.map(\.payload["tool"]) == ["create_records", "delete_records"])
        #expect(entries.allSatisfy { $0.baseID == world.base.id && $0.workspaceID == world.world.workspace.id })
        #expect(entries.last?.actor == .user(id: world.world.owner.id, tokenID: principal.tokenID))
    }
}
