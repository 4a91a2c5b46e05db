import Foundation
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

/// The storage contract, on whichever store `TestWorld` opens: SQLite, or PostgreSQL when
/// TESSERA_TEST_DATABASE_URL is set.
@Suite struct StoreContractTests {
    private func world() async throws -> (TestWorld, Base, Table) {
        let world = try await TestWorld.make()
        let (base, table) = try await world.makeTasksBase()
        return (world, base, table)
    }

    @Test func anOpenedStoreHoldsEveryMigrationThisBinaryKnows() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let store = try #require(world.store as? any MigratedStore)
        #expect(!store.knownMigrations.isEmpty)
        #expect(try await store.appliedMigrations() == store.knownMigrations)
        #expect(try await store.pendingMigrations().isEmpty)
    }

    @Test func everyWriteAppendsItsEventsInOrder() async throws {
        let (world, base, table) = try await world()
        defer { world.remove() }
        let store = world.store
        let actor = world.owner.id
        let name = table.field(named: "Name")!.id
        let created = try await store.insertRecords([[name: "a"], [name: "b"]], tableID: table.id, baseID: base.id, actorID: actor)
        _ = try await store.updateRecords(
            [RecordPatch(recordID: created[0].id, set: [name: "c"], replace: false)], tableID: table.id, baseID: base.id, actorID: actor)
        try await store.deleteRecords(ids: [created[1].id], tableID: table.id, baseID: base.id, actorID: actor)

        let events = try await store.events(after: 0, limit: 100)
        #expect(events.map(\.kind) == [.baseCreated, .tableCreated, .recordCreated, .recordCreated, .recordUpdated, .recordDeleted])
        #expect(events.map(\.sequence) == events.map(\.sequence).sorted())
        #expect(events[2].recordID == created[0].id)
        #expect(events[5].recordID == created[1].id)
        #expect(events.allSatisfy { $0.baseID == base.id && $0.actorID == actor })
        // Followers resume from a cursor.
        #expect(try await store.events(after: events[3].sequence, limit: 100).map(\.kind) == [.recordUpdated, .recordDeleted])
    }

    @Test func aFailingBatchLeavesNoTrace() async throws {
        let (world, base, table) = try await world()
        defer { world.remove() }
        let store = world.store
        let name = table.field(named: "Name")!.id
        let created = try await store.insertRecords([[name: "a"]], tableID: table.id, baseID: base.id, actorID: world.owner.id)
        let before = try await store.events(after: 0, limit: 100).count
        await #expect(throws: TesseraError.self) {
            _ = try await store.updateRecords(
                [
                    RecordPatch(recordID: created[0].id, set: [name: "changed"], replace: false),
                    RecordPatch(recordID: "recMISSINGMISSING", set: [name: "x"], replace: false),
                ], tableID: table.id, baseID: base.id, actorID: world.owner.id)
        }
        await #expect(throws: TesseraError.self) {
            try await store.deleteRecords(ids: [created[0].id, "recMISSINGMISSING"], tableID: table.id, baseID: base.id, actorID: world.owner.id)
        }
        #expect(try await store.records(tableID: table.id, ids: [created[0].id]).first?.cells[name] == "a")
        #expect(try await store.events(after: 0, limit: 100).count == before)
    }

    @Test func concurrentUpsertsOnOneKeyMakeOneRecord() async throws {
        let (world, base, table) = try await world()
        defer { world.remove() }
        let store = world.store
        let name = table.field(named: "Name")!.id
        let points = table.field(named: "Points")!.id
        try await withThrowingTaskGroup(of: Void.self) { group in
            for attempt in 0..<20 {
                group.addTask {
                    _ = try await store.upsertRecords(
                        [[name: "key", points: .number(Double(attempt))]], mergeOn: [name], replace: false,
                        tableID: table.id, baseID: base.id, actorID: world.owner.id)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.countRecords(tableID: table.id) == 1)
    }

    @Test func scansPageInNaturalOrderAndApplyPrefilters() async throws {
        let (world, base, table) = try await world()
        defer { world.remove() }
        let store = world.store
        let points = table.field(named: "Points")!.id
        _ = try await store.insertRecords((0..<25).map { [points: .number(Double($0 % 5))] }, tableID: table.id, baseID: base.id, actorID: world.owner.id)

        let first = try await store.scanRecords(RecordScan(tableID: table.id, sort: [], prefilter: nil, matches: nil, start: .beginning, limit: 10))
        #expect(first.records.map(\.autoNumber) == Array(1...10))
        #expect(first.hasMore)
        let rest = try await store.scanRecords(RecordScan(tableID: table.id, sort: [], prefilter: nil, matches: nil, start: .afterAutoNumber(20), limit: 10))
        #expect(rest.records.map(\.autoNumber) == Array(21...25))
        #expect(!rest.hasMore)

        let filtered = try await store.scanRecords(
            RecordScan(
                tableID: table.id, sort: [], prefilter: .number(fieldID: points, .greaterOrEqual, 3, orBlank: false),
                matches: nil, start: .beginning, limit: 100))
        #expect(filtered.records.count == 10)
        let sorted = try await store.scanRecords(
            RecordScan(
                tableID: table.id, sort: [RecordSortKey(value: .cell(fieldID: points), ascending: false, caseInsensitive: false)],
                prefilter: nil, matches: { $0.autoNumber % 2 == 0 }, start: .skipping(2), limit: 3))
        #expect(sorted.records.map(\.autoNumber) == [4, 14, 24])
    }

    @Test func anUpsertBatchMatchesRecordsItCreatedItselfAndRefusesAmbiguousKeys() async throws {
        let (world, base, table) = try await world()
        defer { world.remove() }
        let store = world.store
        let name = table.field(named: "Name")!.id
        let points = table.field(named: "Points")!.id
        let outcome = try await store.upsertRecords(
            [[name: "a", points: 1], [name: "b"], [name: "a", points: 2], [points: 3]], mergeOn: [name],
            replace: false, tableID: table.id, baseID: base.id, actorID: world.owner.id)
        #expect(outcome.createdRecordIDs.count == 3)
        #expect(outcome.updatedRecordIDs == [outcome.createdRecordIDs[0]])
        #expect(
            outcome.records.map(\.id) == [outcome.createdRecordIDs[0], outcome.createdRecordIDs[1], outcome.createdRecordIDs[0], outcome.createdRecordIDs[2]])
        #expect(try await store.records(tableID: table.id, ids: [outcome.createdRecordIDs[0]]).first?.cells == [name: "a", points: 2])
        // One event per record the write changed: three records made, one of them twice.
        #expect(try await store.events(after: 0, limit: 100).filter { $0.kind == .recordCreated || $0.kind == .recordUpdated }.count == 3)

        _ = try await store.insertRecords([[name: "b"]], tableID: table.id, baseID: base.id, actorID: world.owner.id)
        let before = try await store.events(after: 0, limit: 100).count
        await #expect(throws: TesseraError.self) {
            _ = try await store.upsertRecords(
                [[name: "c"], [name: "b", points: 9]], mergeOn: [name], replace: false,
                tableID: table.id, baseID: base.id, actorID: world.owner.id)
        }
        #expect(try await store.countRecords(tableID: table.id) == 4)
        #expect(try await store.events(after: 0, limit: 100).count == before)
    }

    @Test func aSessionFamilyAuthenticatesItsUserUntilRevoked() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let store = world.store
        let owner = world.owner.id
        let (stranger, _) = try await world.makeStranger()
        @Sendable func token(_ hash: String, family: String) -> RefreshToken {
            RefreshToken(tokenHash: hash, familyID: family, userID: owner, expiresAt: Date().addingTimeInterval(3600))
        }
        try await store.startSessionFamily(token("a1", family: "family-a"))
        try await store.startSessionFamily(token("b1", family: "family-b"))
        #expect(try await store.user(id: owner, sessionFamily: "family-a")?.id == owner)
        #expect(try await store.user(id: stranger.userID, sessionFamily: "family-a") == nil, "a family belongs to one user")
        #expect(try await store.user(id: owner, sessionFamily: "family-unknown") == nil)

        // Rotation keeps the family going.
        let rotation = try await store.rotateRefreshToken(presentedHash: "a1") { _ in token("a2", family: "family-a") }
        guard case .rotated(let consumed) = rotation else {
            Issue.record("expected a rotation, got \(rotation)")
            return
        }
        #expect(consumed.tokenHash == "a1" && consumed.familyID == "family-a" && consumed.userID == owner)
        #expect(try await store.user(id: owner, sessionFamily: "family-a")?.id == owner)

        // Logout revokes the family: its JWT lookups fail at once, and its newest token is dead too.
        #expect(try await store.revokeRefreshFamily(containing: "a2"))
        #expect(try await store.user(id: owner, sessionFamily: "family-a") == nil)
        #expect(Self.isReuse(try await store.rotateRefreshToken(presentedHash: "a2") { _ in token("a3", family: "family-a") }))
        #expect(try await store.revokeRefreshFamily(containing: "unknown") == false)

        // Reuse of a rotated token revokes its family the same way; other families go on.
        #expect(!Self.isReuse(try await store.rotateRefreshToken(presentedHash: "b1") { _ in token("b2", family: "family-b") }))
        #expect(Self.isReuse(try await store.rotateRefreshToken(presentedHash: "b1") { _ in token("b3", family: "family-b") }))
        #expect(try await store.user(id: owner, sessionFamily: "family-b") == nil)
        #expect(Self.isReuse(try await store.rotateRefreshToken(presentedHash: "b2") { _ in token("b4", family: "family-b") }))
        try await store.startSessionFamily(token("c1", family: "family-c"))
        #expect(try await store.user(id: owner, sessionFamily: "family-c")?.id == owner)
    }

    @Test func settingsKeepTheFirstValue() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let first = try await world.store.setting("example", default: "one")
        let second = try await world.store.setting("example", default: "two")
        #expect(first == "one")
        #expect(second == "one")
    }

    private static func isReuse(_ rotation: RefreshRotation) -> Bool {
        if case .reused = rotation { true } else { false }
    }
}
