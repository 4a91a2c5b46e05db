import Foundation
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

/// Backups of a SQLite store taken while it is being written, checked, and restored.
@Suite struct SQLiteBackupTests {
    @Test func aBackupDuringWritesHoldsEveryWriteAcknowledgedBeforeItStarted() async throws {
        let world = try await TestWorld.make(onSQLite: true)
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        let store = try #require(world.store as? SQLiteStore)
        let name = try #require(table.field(named: "Name")).id
        let insert = { @Sendable (index: Int) async throws -> [String] in
            try await store.insertRecords((0..<10).map { [name: .string("r\(index)-\($0)")] }, tableID: table.id, baseID: base.id, actorID: world.owner.id)
                .map(\.id)
        }
        var acknowledged: [String] = []
        for index in 0..<20 { acknowledged += try await insert(index) }

        // Writers keep going on other tasks while the copy is taken.
        let writers = Task {
            var index = 1_000
            while !Task.isCancelled {
                _ = try await insert(index)
                index += 1
            }
        }
        let copy = world.directory.appendingPathComponent("backup.sqlite").path
        let summary = try SQLiteBackup.copy(store, to: copy)
        writers.cancel()
        _ = await writers.result

        #expect(Set(summary.migrations) == Set(store.knownMigrations))
        #expect(summary.lastEvent > 0)
        #expect(!FileManager.default.fileExists(atPath: copy + ".partial"))
        let restored = world.directory.appendingPathComponent("restored")
        #expect(try SQLiteBackup.restore(copy, into: restored.path, replacing: false) == summary)
        let reopened = try SQLiteStore(dataDirectory: restored.path)
        #expect(try await reopened.integrityCheck() == "ok")
        let present = Set(try await reopened.records(tableID: table.id, ids: acknowledged).map(\.id))
        #expect(present == Set(acknowledged))
        #expect(try await reopened.latestEventSequence() == summary.lastEvent)
    }

    @Test func aFileThatIsNotATesseraDatabaseIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let garbage = directory.appendingPathComponent("garbage.sqlite").path
        try Data("not a database at all, but long enough to look like one".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: TesseraError.self) { try SQLiteBackup.check(garbage) }
        #expect(throws: TesseraError.self) { try SQLiteBackup.check(directory.appendingPathComponent("missing").path) }
        #expect(throws: TesseraError.self) { try SQLiteBackup.restore(garbage, into: directory.appendingPathComponent("data").path, replacing: true) }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/tessera.sqlite").path))
    }

    @Test func restoringOverADatabaseNeedsReplaceAndKeepsTheOldOne() async throws {
        let world = try await TestWorld.make(onSQLite: true)
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        let store = try #require(world.store as? SQLiteStore)
        let name = try #require(table.field(named: "Name")).id
        let copy = world.directory.appendingPathComponent("backup.sqlite").path
        _ = try SQLiteBackup.copy(store, to: copy)
        let later = try await store.insertRecords([[name: "after the backup"]], tableID: table.id, baseID: base.id, actorID: world.owner.id)

        #expect(throws: TesseraError.self) { try SQLiteBackup.restore(copy, into: world.directory.path, replacing: false) }
        _ = try SQLiteBackup.restore(copy, into: world.directory.path, replacing: true)
        let restored = try SQLiteStore(dataDirectory: world.directory.path)
        #expect(try await restored.records(tableID: table.id, ids: later.map(\.id)).isEmpty)
        let before = try SQLiteStore(path: world.directory.appendingPathComponent("tessera.sqlite.before-restore").path)
        #expect(try await before.records(tableID: table.id, ids: later.map(\.id)).map(\.id) == later.map(\.id))
    }
}
