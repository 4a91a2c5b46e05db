import Foundation
import TesseraCore
import TesseraTesting
import Testing

@Suite("Views: saved filters, sorts and field layouts")
struct ViewTests {
    private func define(_ json: JSONValue) throws -> ViewDefinition { try ViewDefinition(json: json) }

    private func titles(_ world: RelationalWorld, _ query: ListRecordsQuery) async throws -> [String] {
        let page = try await world.world.services.records.list(query, in: world.ref("Tasks"))
        let table = try await world.table("Tasks")
        let title = try #require(table.field(named: "Title"))
        return page.records.map { $0.cells[title.id]?.stringValue ?? "" }
    }

    private func seed(_ world: RelationalWorld) async throws {
        _ = try await world.create(
            "Tasks",
            [
                ["Title": "a", "Points": 3, "Status": "Todo"],
                ["Title": "b", "Points": 1, "Status": "Done"],
                ["Title": "c", "Points": 2, "Status": "Todo"],
                ["Title": "d", "Points": 5, "Status": "Todo"],
            ])
    }

    @Test("a view's filter and sort apply when a listing names it; the field names it was written with survive a rename")
    func filterAndSort() async throws {
        let world = try await RelationalWorld.make()
        defer { world.world.remove() }
        try await seed(world)
        let view = try await world.world.services.tables.createView(
            try define([
                "name": "Open by points", "filterByFormula": "{Status} = 'Todo'",
                "sort": [["field": "Points", "direction": "desc"]],
            ]), in: world.ref("Tasks"))
        let points = try #require(try await world.table("Tasks").field(named: "Points"))
        #expect(view.sorts == [View.Sort(fieldID: points.id, ascending: false)])
        #expect(view.filterFormula?.contains("Status") == false, "stored with field ids")

        var query = ListRecordsQuery()
        query.view = "Open by points"
        #expect(try await titles(world, query) == ["d", "a", "c"])
        query.view = view.id
        #expect(try await titles(world, query) == ["d", "a", "c"])

        // An explicit sort wins; a query filter narrows the view's.
        query.sort = [.init(field: "Title", ascending: true)]
        #expect(try await titles(world, query) == ["a", "c", "d"])
        query.filterByFormula = "{Points} > 2"
        #expect(try await titles(world, query) == ["a", "d"])

        _ = try await world.world.services.tables.updateField("Status", in: world.ref("Tasks"), name: "State", description: nil, options: nil)
        var renamed = ListRecordsQuery()
        renamed.view = view.id
        #expect(try await titles(world, renamed) == ["d", "a", "c"])
    }

    @Test("updating a view changes only what the change names; removing the filter shows every record")
    func update() async throws {
        let world = try await RelationalWorld.make()
        defer { world.world.remove() }
        try await seed(world)
        let tables = world.world.services.tables
        _ = try await tables.createView(
            try define([
                "name": "Open", "filterByFormula": "{Status} = 'Todo'",
                "sort": [["field": "Title", "direction": "asc"]],
            ]), in: world.ref("Tasks"))
        let renamed = try await tables.updateView("Open", try define(["name": "Todo", "hiddenFields": ["Points"]]), in: world.ref("Tasks"))
        #expect(renamed.name == "Todo" && renamed.filterFormula != nil && renamed.sorts.count == 1 && renamed.hiddenFieldIDs.count == 1)

        var query = ListRecordsQuery()
        query.view = "Todo"
        #expect(try await titles(world, query) == ["a", "c", "d"])
        _ = try await tables.updateView("Todo", try define(["filterByFormula": .null]), in: world.ref("Tasks"))
        #expect(try await titles(world, query) == ["a", "b", "c", "d"])

        let stored = try await world.table("Tasks").view(named: "Todo")
        #expect(stored?.filterFormula == nil && stored?.hiddenFieldIDs.count == 1, "the view is stored, not only answered")
    }

    @Test("bad views are refused with a message that names the problem")
    func refusals() async throws {
        let world = try await RelationalWorld.make()
        defer { world.world.remove() }
        let tables = world.world.services.tables
        let tasks = world.ref("Tasks")
        func message(_ json: JSONValue) async -> String? {
            do {
                _ = try await tables.createView(try define(json), in: tasks)
                return nil
            } catch let error as TesseraError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        #expect(await message(["name": "x", "filterByFormula": "{Nope} = 1"])?.contains("Nope") == true)
        #expect(await message(["name": "x", "filterByFormula": "AND("])?.contains("formula") == true)
        #expect(await message(["name": "x", "sort": [["field": "Points", "direction": "up"]]])?.contains("direction") == true)
        #expect(await message(["name": "x", "hiddenFields": ["Title"]])?.contains("primary") == true)
        #expect(await message(["name": "x", "type": "spreadsheet"])?.contains("Unknown view type") == true)
        #expect(await message(["name": "x", "colour": "red"])?.contains("colour") == true)
        #expect(await message(["filterByFormula": "1"])?.contains("name") == true)
        #expect(await message(["name": "Grid view"])?.contains("already has a view") == true)

        var query = ListRecordsQuery()
        query.view = "Missing"
        await #expect(throws: TesseraError.self) { _ = try await world.world.services.records.list(query, in: tasks) }
    }

    @Test("a table keeps at least one view; a deleted view is gone from listings")
    func delete() async throws {
        let world = try await RelationalWorld.make()
        defer { world.world.remove() }
        let tables = world.world.services.tables
        let tasks = world.ref("Tasks")
        let only = try #require(try await world.table("Tasks").views.first)
        await #expect(throws: TesseraError.self) { try await tables.deleteView(only.id, in: tasks) }
        _ = try await tables.createView(try define(["name": "Second"]), in: tasks)
        try await tables.deleteView(only.name, in: tasks)
        #expect(try await world.table("Tasks").views.map(\.name) == ["Second"])
        var query = ListRecordsQuery()
        query.view = only.name
        await #expect(throws: TesseraError.self) { _ = try await world.world.services.records.list(query, in: tasks) }
    }

    @Test("a reader cannot change views")
    func readersCannotChangeViews() async throws {
        let world = try await RelationalWorld.make()
        defer { world.world.remove() }
        let (reader, _) = try await world.world.makeStranger(email: "reader@example.com")
        try await world.world.services.workspaces.setMember(email: "reader@example.com", level: .read, workspaceID: world.world.workspace.id, by: world.owner)
        let ref = TableRef(baseID: world.base.id, table: "Tasks", by: reader)
        let error = await #expect(throws: TesseraError.self) {
            _ = try await world.world.services.tables.createView(try define(["name": "Mine"]), in: ref)
        }
        #expect(error?.kind == .forbidden)
    }
}
