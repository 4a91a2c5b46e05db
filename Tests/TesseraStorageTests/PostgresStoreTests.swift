import Foundation
import Synchronization
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

/// Two stores on one schema stand for two `tessera serve` nodes on one database: each has its
/// own connection pool, so their transactions really run side by side.
@Suite(.enabled(if: PostgresTestSchema.databaseURL != nil, "set TESSERA_TEST_DATABASE_URL (scripts/start-postgres.sh)"))
struct PostgresStoreTests {
    private struct Nodes {
        let schema: PostgresTestSchema
        let first: PostgresStore
        let second: PostgresStore
        let services: TesseraServices
        let owner: User
        let base: Base
        let table: Table

        func remove() async {
            await first.shutdown()
            await second.shutdown()
            try? await schema.drop()
        }
    }

    private func nodes() async throws -> Nodes {
        let schema = try #require(try await PostgresTestSchema.create())
        let first = try await schema.openStore()
        let second = try await schema.openStore()
        var configuration = AuthService.Configuration()
        configuration.bcryptCost = 4
        let services = try await TesseraServices(store: first, auth: configuration)
        let owner = try await services.auth.createUser(email: "owner@example.com", name: "Owner", password: "correct horse battery")
        let workspace = try await services.workspaces.createWorkspace(name: "Main", ownerID: owner.id)
        let (base, tables) = try await services.workspaces.createBase(
            name: "Project", workspaceID: workspace.id,
            tables: [
                TableDefinition(
                    name: "Tasks",
                    fields: [
                        FieldDefinition(name: "Name", type: "singleLineText"),
                        FieldDefinition(name: "Points", type: "number", options: ["precision": 1]),
                    ])
            ],
            by: .session(userID: owner.id, email: owner.email))
        return Nodes(schema: schema, first: first, second: second, services: services, owner: owner, base: base, table: tables[0])
    }

    @Test func concurrentUpsertsOfOneKeyFromTwoNodesMakeOneRecord() async throws {
        let nodes = try await nodes()
        let name = nodes.table.field(named: "Name")!.id
        let points = nodes.table.field(named: "Points")!.id
        let keys = (0..<5).map { "key \($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for attempt in 0..<40 {
                let store = attempt.isMultiple(of: 2) ? nodes.first : nodes.second
                group.addTask {
                    _ = try await store.upsertRecords(
                        [[name: .string(keys[attempt % keys.count]), points: .number(Double(attempt))]], mergeOn: [name],
                        replace: false, tableID: nodes.table.id, baseID: nodes.base.id, actorID: nodes.owner.id)
                }
            }
            try await group.waitForAll()
        }
        let page = try await nodes.second.scanRecords(
            RecordScan(tableID: nodes.table.id, sort: [], prefilter: nil, matches: nil, start: .beginning, limit: 100))
        #expect(page.records.count == keys.count)
        #expect(Set(page.records.compactMap { $0.cells[name]?.stringValue }) == Set(keys))
        #expect(page.records.map(\.autoNumber) == Array(1...keys.count))
        await nodes.remove()
    }

    @Test func concurrentEditsOfDifferentFieldsAreBothKept() async throws {
        let nodes = try await nodes()
        let name = nodes.table.field(named: "Name")!.id
        let points = nodes.table.field(named: "Points")!.id
        let record = try await nodes.first.insertRecords(
            [[name: "start", points: 0]], tableID: nodes.table.id, baseID: nodes.base.id, actorID: nodes.owner.id)[0]
        for round in 1...20 {
            async let renamed = nodes.first.updateRecords(
                [RecordPatch(recordID: record.id, set: [name: .string("name \(round)")], replace: false)],
                tableID: nodes.table.id, baseID: nodes.base.id, actorID: nodes.owner.id)
            async let scored = nodes.second.updateRecords(
                [RecordPatch(recordID: record.id, set: [points: .number(Double(round))], replace: false)],
                tableID: nodes.table.id, baseID: nodes.base.id, actorID: nodes.owner.id)
            _ = try await (renamed, scored)
            let stored = try await nodes.first.records(tableID: nodes.table.id, ids: [record.id])[0]
            #expect(stored.cells[name] == .string("name \(round)"))
            #expect(stored.cells[points] == .number(Double(round)))
        }
        await nodes.remove()
    }

    @Test func nodesStartingTogetherMigrateOnce() async throws {
        let schema = try #require(try await PostgresTestSchema.create())
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 {
                group.addTask { try await schema.openStore() }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 4)
        for store in stores {
            #expect(
                try await store.appliedMigrations() == ["v1 core", "v2 search", "v3 ai usage", "v4 session families", "v5 record metadata", "v6 audit log"])
        }
        for store in stores {
            await store.shutdown()
        }
        try await schema.drop()
    }

    /// A follower that moves its cursor to the newest event it read must still receive every
    /// event, however the writers' transactions interleave and commit. The writers edit records
    /// of their own, so nothing but the events log orders their transactions.
    @Test func aFollowerNeverSkipsAnEventUnderConcurrentWriters() async throws {
        let nodes = try await nodes()
        let points = nodes.table.field(named: "Points")!.id
        let writers = 8
        let edits = 60
        let records = try await nodes.first.insertRecords(
            Array(repeating: [points: 0], count: writers), tableID: nodes.table.id,
            baseID: nodes.base.id, actorID: nodes.owner.id)
        let start = try await nodes.first.latestEventSequence()
        let writing = Atomic<Bool>(true)
        let follower = Task {
            var cursor = start
            var updates: [String: Int] = [:]
            while true {
                if !writing.load(ordering: .acquiring), try await nodes.first.latestEventSequence() <= cursor { break }
                for event in try await nodes.second.events(after: cursor, limit: 50) {
                    #expect(event.sequence > cursor)
                    cursor = event.sequence
                    if event.kind == .recordUpdated, let id = event.recordID { updates[id, default: 0] += 1 }
                }
            }
            return updates
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (writer, record) in records.enumerated() {
                let store = writer.isMultiple(of: 2) ? nodes.first : nodes.second
                group.addTask {
                    for edit in 1...edits {
                        _ = try await store.updateRecords(
                            [RecordPatch(recordID: record.id, set: [points: .number(Double(edit))], replace: false)],
                            tableID: nodes.table.id, baseID: nodes.base.id, actorID: nodes.owner.id)
                    }
                }
            }
            try await group.waitForAll()
        }
        writing.store(false, ordering: .releasing)
        let updates = try await follower.value
        #expect(updates == Dictionary(uniqueKeysWithValues: records.map { ($0.id, edits) }))
        await nodes.remove()
    }
}
