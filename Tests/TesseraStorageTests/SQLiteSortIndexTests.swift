import Foundation
import GRDB
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

/// Sorting a large table by a cell makes a partial index SQLite walks instead of parsing every
/// record; the order is the same as without it, and small tables and changed fields have none.
@Suite struct SQLiteSortIndexTests {
    private static func sortIndexes(_ world: TestWorld) throws -> [String] {
        let database = try DatabaseQueue(path: SQLiteStore.path(inDataDirectory: world.directory.path))
        return try database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'records_sort_%' ORDER BY name")
        }
    }

    private static func plan(_ world: TestWorld, _ sql: String, _ tableID: String) throws -> String {
        let database = try DatabaseQueue(path: SQLiteStore.path(inDataDirectory: world.directory.path))
        return try database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [tableID]).map { $0["detail"] as String }.joined(separator: "; ")
        }
    }

    @Test func aLargeTableSortedByACellGetsAnIndexAndKeepsItsOrder() async throws {
        let world = try await TestWorld.make(onSQLite: true)
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        let points = table.field(named: "Points")!.id
        let name = table.field(named: "Name")!.id
        let count = 1_200 // above the 1,000 records from which an index pays
        let cells: [[String: JSONValue]] = (0..<count).map { index in
            var cells: [String: JSONValue] = [name: .string(index % 3 == 0 ? "item \(index % 40)" : "ITEM \(index % 40)")]
            if index % 10 != 0 { cells[points] = .number(Double(index * 7919 % 50)) }
            return cells
        }
        let records = try await world.store.insertRecords(cells, tableID: table.id, baseID: base.id, actorID: world.owner.id)
        #expect(try Self.sortIndexes(world).isEmpty)

        let byPoints = RecordSortKey(value: .cell(fieldID: points), ascending: false, caseInsensitive: false)
        let page = try await world.store.scanRecords(
            RecordScan(tableID: table.id, sort: [byPoints], prefilter: nil, matches: nil, start: .skipping(100), limit: 50))
        // Descending puts blanks last; ties keep the table's order.
        let expected = records.sorted { left, right in
            let (l, r) = (left.cells[points]?.numberValue ?? -.infinity, right.cells[points]?.numberValue ?? -.infinity)
            return l != r ? l > r : left.autoNumber < right.autoNumber
        }
        #expect(page.records.map(\.id) == expected[100..<150].map(\.id))
        #expect(page.hasMore)
        let index = "records_sort_\(table.id)_\(points)"
        #expect(try Self.sortIndexes(world) == [index])
        let plan = try Self.plan(
            world, "SELECT id FROM records WHERE table_id = ? ORDER BY json_extract(data, '$.\(points)') DESC, auto_number ASC LIMIT 51", table.id)
        #expect(plan.contains("USING INDEX \(index)"), "\(plan)")

        let byName = RecordSortKey(value: .cell(fieldID: name), ascending: true, caseInsensitive: true)
        let names = try await world.store.scanRecords(
            RecordScan(tableID: table.id, sort: [byName], prefilter: nil, matches: nil, start: .beginning, limit: 30))
        let expectedNames = records.sorted { left, right in
            let (l, r) = (left.cells[name]!.stringValue!.lowercased(), right.cells[name]!.stringValue!.lowercased())
            return l != r ? l < r : left.autoNumber < right.autoNumber
        }
        #expect(names.records.map(\.id) == expectedNames.prefix(30).map(\.id))
        #expect(try Self.sortIndexes(world) == [index, "records_sort_\(table.id)_\(name)_nocase"].sorted())

        // A changed field may sort differently now; its index goes, the other stays.
        var change = SchemaChange(baseID: base.id)
        change.changedFields = [PlacedField(tableID: table.id, field: table.field(named: "Points")!)]
        try await world.store.changeSchema(change, actorID: world.owner.id)
        #expect(try Self.sortIndexes(world) == ["records_sort_\(table.id)_\(name)_nocase"])
    }

    @Test func aSmallTableSortsWithoutAnIndex() async throws {
        let world = try await TestWorld.make(onSQLite: true)
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        let points = table.field(named: "Points")!.id
        _ = try await world.store.insertRecords((0..<20).map { [points: .number(Double($0 % 4))] }, tableID: table.id, baseID: base.id, actorID: world.owner.id)
        let sorted = try await world.store.scanRecords(
            RecordScan(
                tableID: table.id, sort: [RecordSortKey(value: .cell(fieldID: points), ascending: true, caseInsensitive: false)],
                prefilter: nil, matches: nil, start: .beginning, limit: 5))
        #expect(sorted.records.map(\.autoNumber) == [1, 5, 9, 13, 17])
        #expect(try Self.sortIndexes(world).isEmpty)
    }
}
