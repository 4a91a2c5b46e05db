import Foundation
import Testing
import TesseraCore
import TesseraStorage
import TesseraTesting

/// What only the SQLite store has: a file to reopen and check.
@Suite struct SQLiteStoreTests {
    private func world() async throws -> (TestWorld, Base, Table) {
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
        #expect(try await reopened.appliedMigrations() == ["v1 core", "v2 search", "v3 ai usage", "v4 session families"])
    }

    @Test func anUnopenableDatabaseIsAClearError() throws {
        let error = #expect(throws: TesseraError.self) { _ = try SQLiteStore(path: "/proc/definitely/not/here.sqlite") }
        #expect(error?.message.contains("/proc/definitely/not/here.sqlite") == true)
    }
}
