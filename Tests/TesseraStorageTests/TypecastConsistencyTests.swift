import Foundation
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

/// Select choices a typecast adds commit with the records that use them, and concurrent
/// typecasts never drop each other's choices; on whichever store `TestWorld` opens.
@Suite struct TypecastConsistencyTests {
    private func world() async throws -> (TestWorld, Base) {
        let world = try await TestWorld.make()
        let (base, _) = try await world.makeTasksBase()
        return (world, base)
    }

    private func status(_ world: TestWorld, _ base: Base) async throws -> Field {
        try #require(
            try await world.services.tables.table(TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal), scope: .schemaRead, level: .read)
                .field(named: "Status"))
    }

    @Test func concurrentTypecastsKeepEveryNewChoice() async throws {
        let (world, base) = try await world()
        defer { world.remove() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask {
                    _ = try await world.services.records.create(
                        [["Name": .string("r\(index)"), "Status": .string("New \(index)")]], typecast: true,
                        in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
                }
            }
            try await group.waitForAll()
        }
        let names = Set(try await status(world, base).choices.map(\.name))
        #expect(names.isSuperset(of: (0..<12).map { "New \($0)" }))
    }

    @Test func concurrentTypecastsOfOneNameMakeOneChoiceUsedByAll() async throws {
        let (world, base) = try await world()
        defer { world.remove() }
        let results = try await withThrowingTaskGroup(of: JSONValue?.self) { group in
            for index in 0..<12 {
                group.addTask {
                    let (records, table) = try await world.services.records.create(
                        [["Name": .string("r\(index)"), "Status": "Blocked", "Tags": ["red", "urgent", "urgent"]]], typecast: true,
                        in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
                    return RecordPresenter(table: table).present(records[0])["fields"]
                }
            }
            var fields: [JSONValue?] = []
            for try await result in group { fields.append(result) }
            return fields
        }
        // Every write answered with the name, whichever write's choice won.
        #expect(results.allSatisfy { $0?["Status"] == "Blocked" && $0?["Tags"] == ["red", "urgent"] })
        let status = try await status(world, base)
        let blocked = status.choices.filter { $0.name == "Blocked" }
        #expect(blocked.count == 1)
        let page = try await world.services.records.list(ListRecordsQuery(), in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(page.records.count == 12)
        #expect(page.records.allSatisfy { $0.cells[status.id] == .string(blocked[0].id) })
    }

    @Test func aFailedTypecastWriteAddsNoChoice() async throws {
        let (world, base) = try await world()
        defer { world.remove() }
        let (created, _) = try await world.services.records.create(
            [["Name": "a"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let events = try await world.store.events(after: 0, limit: 1000).count
        await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.update(
                [(created[0].id, ["Status": "Never"]), ("recMISSINGMISSING", ["Status": "Never"])], replace: false, typecast: true,
                in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(!(try await status(world, base).choices.contains { $0.name == "Never" }))
        #expect(try await world.store.events(after: 0, limit: 1000).count == events)
    }

    @Test func theNewChoiceAndItsFieldEventCommitWithTheRecords() async throws {
        let (world, base) = try await world()
        defer { world.remove() }
        let before = try await world.store.latestEventSequence()
        _ = try await world.services.records.create(
            [["Name": "a", "Status": "Waiting"]], typecast: true,
            in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(try await world.store.events(after: before, limit: 10).map(\.kind) == [.fieldUpdated, .recordCreated])
        #expect(try await status(world, base).choices.map(\.name).suffix(1) == ["Waiting"])
    }
}

/// Upserts find their records through the merge keys, however those records came to be.
@Suite struct UpsertMergeKeyTests {
    @Test func keysFollowRecordsWrittenBeforeAndAfterTheFirstUpsert() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        let store = world.store
        let name = table.field(named: "Name")!.id
        let points = table.field(named: "Points")!.id
        let early = try await store.insertRecords([[name: "early"], [name: "moved"]], tableID: table.id, baseID: base.id, actorID: world.owner.id)

        var outcome = try await store.upsertRecords(
            [[name: "early", points: 1]], mergeOn: [name], replace: false, tableID: table.id, baseID: base.id, actorID: world.owner.id)
        #expect(outcome.updatedRecordIDs == [early[0].id])

        _ = try await store.updateRecords(
            [RecordPatch(recordID: early[1].id, set: [name: "renamed"], replace: false)], tableID: table.id, baseID: base.id, actorID: world.owner.id)
        outcome = try await store.upsertRecords(
            [[name: "renamed", points: 2], [name: "moved", points: 3]], mergeOn: [name], replace: false,
            tableID: table.id, baseID: base.id, actorID: world.owner.id)
        #expect(outcome.updatedRecordIDs == [early[1].id])
        #expect(outcome.createdRecordIDs.count == 1)

        try await store.deleteRecords(ids: [early[0].id], tableID: table.id, baseID: base.id, actorID: world.owner.id)
        outcome = try await store.upsertRecords(
            [[name: "early", points: 4]], mergeOn: [name], replace: false, tableID: table.id, baseID: base.id, actorID: world.owner.id)
        #expect(outcome.createdRecordIDs.count == 1)

        // Numbers merge as numbers: 3 and 3.0 are one key; blanks match nothing.
        outcome = try await store.upsertRecords(
            [[points: 3.0, name: "by points"], [name: "no points"]], mergeOn: [points], replace: false,
            tableID: table.id, baseID: base.id, actorID: world.owner.id)
        #expect(outcome.updatedRecordIDs.count == 1)
        #expect(outcome.createdRecordIDs.count == 1)
    }
}
