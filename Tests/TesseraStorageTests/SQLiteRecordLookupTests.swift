import Foundation
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

/// Looking records up by id answers through the unique id index; the table still decides which
/// records belong to the answer.
@Suite struct SQLiteRecordLookupTests {
    @Test func recordsByIDKeepToTheirTableAndTheAskedOrder() async throws {
        let world = try await TestWorld.make(onSQLite: true)
        defer { world.remove() }
        let (base, tasks) = try await world.makeTasksBase()
        let (otherBase, others) = try await world.makeTasksBase(name: "Other")
        let name = tasks.field(named: "Name")!.id
        let otherName = others.field(named: "Name")!.id
        let mine = try await world.store.insertRecords([[name: "a"], [name: "b"], [name: "c"]], tableID: tasks.id, baseID: base.id, actorID: world.owner.id)
        let theirs = try await world.store.insertRecords([[otherName: "x"]], tableID: others.id, baseID: otherBase.id, actorID: world.owner.id)

        let asked = [mine[2].id, theirs[0].id, "recUnknown000000", mine[0].id]
        let found = try await world.store.records(tableID: tasks.id, ids: asked)
        #expect(found.map(\.id) == [mine[2].id, mine[0].id])
        #expect(found.map { $0.cells[name] } == ["c", "a"])
        #expect(try await world.store.records(tableID: others.id, ids: asked).map(\.id) == [theirs[0].id])
    }

    @Test func deletingARecordOfAnotherTableIsRefusedAndDeletesNothing() async throws {
        let world = try await TestWorld.make(onSQLite: true)
        defer { world.remove() }
        let (base, tasks) = try await world.makeTasksBase()
        let (otherBase, others) = try await world.makeTasksBase(name: "Other")
        let name = tasks.field(named: "Name")!.id
        let mine = try await world.store.insertRecords([[name: "a"]], tableID: tasks.id, baseID: base.id, actorID: world.owner.id)
        let theirs = try await world.store.insertRecords(
            [[others.field(named: "Name")!.id: "x"]], tableID: others.id, baseID: otherBase.id, actorID: world.owner.id)

        await #expect(throws: TesseraError.self) {
            try await world.store.deleteRecords(ids: [mine[0].id, theirs[0].id], tableID: tasks.id, baseID: base.id, actorID: world.owner.id)
        }
        #expect(try await world.store.countRecords(tableID: tasks.id) == 1)
        #expect(try await world.store.countRecords(tableID: others.id) == 1)
    }
}
