import Foundation
import GRDB
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

/// What only the SQLite store has: a file to reopen and check.
@Suite struct SQLiteStoreTests {
    private func world() async throws -> (TestWorld, Base, TesseraCore.Table) {
        let world = try await TestWorld.make(onSQLite: true)
        let (base, table) = try await world.makeTasksBase()
        return (world, base, table)
    }

    @Test func reopeningKeepsDataAndTheFileIsConsistent() async throws {
        let (world, base, table) = try await world()
        defer { world.remove() }
        let name = table.field(named: "Name")!.id
        _ = try await world.store.insertRecords([[name: "persisted"]], tableID: table.id, baseID: base.id, actorID: world.owner.id)
        let reopened = try SQLiteStore(dataDirectory: world.directory.path)
        #expect(try await reopened.countRecords(tableID: table.id) == 1)
        #expect(try await reopened.integrityCheck() == "ok")
        #expect(
            try await reopened.appliedMigrations() == [
                "v1 core", "v2 search", "v3 ai usage", "v4 merge keys", "v5 session families", "v6 record metadata", "v7 audit log",
            ])
    }

    @Test("upserts build no index over every tenant's records: the schema's indexes are the same before and after")
    func upsertsBuildNoIndexes() async throws {
        let (world, base, table) = try await world()
        defer { world.remove() }
        let name = table.field(named: "Name")!.id
        let points = table.field(named: "Points")!.id
        func indexes() throws -> [String] {
            try DatabaseQueue(path: world.directory.appendingPathComponent("tessera.sqlite").path).read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            }
        }
        let before = try indexes()
        _ = try await world.store.upsertRecords(
            [[name: "a", points: 1]], mergeOn: [name, points], replace: false,
            tableID: table.id, baseID: base.id, actorID: world.owner.id)
        #expect(try indexes() == before)
    }

    @Test func anUnopenableDatabaseIsAClearError() throws {
        let error = #expect(throws: TesseraError.self) { _ = try SQLiteStore(path: "/proc/definitely/not/here.sqlite") }
        #expect(error?.message.contains("/proc/definitely/not/here.sqlite") == true)
    }
}
