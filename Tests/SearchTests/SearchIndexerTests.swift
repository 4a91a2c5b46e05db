import Foundation
import Search
import TesseraCore
import TesseraTesting
import Testing

/// The indexer following the events log: catch-up, updates, deletes, schema changes, restarts.
@Suite struct SearchIndexerTests {
    @Test func recordsBecomeSearchableOnceTheIndexerCatchesUp() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        let records = try await search.create([["Name": "Fix the garden fence"], ["Name": "Paint the kitchen walls"], ["Notes": "garden hose leaks"]])
        #expect(try await search.find("garden", mode: .keyword).isEmpty)

        #expect(try await search.indexer.catchUp() > 0)
        #expect(search.embedder.textsEmbedded == 3)
        #expect(try await search.find("garden fence", mode: .semantic).first == records[0].id)
        #expect(Set(try await search.find("garden", mode: .keyword)) == [records[0].id, records[2].id])
        let status = try await search.search.status(in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal))
        #expect(status.kind == "flat")
        #expect(status.vectors == 3)
        #expect(status.eventsBehind == 0)
    }

    @Test func aRestartedIndexerReusesStoredVectorsAndCatchesUpOnWhatItMissed() async throws {
        let first = try await SearchWorld.make()
        defer { first.world.remove() }
        let early = try await first.create((0..<12).map { ["Name": .string("early task number \($0)")] })
        try await first.indexer.catchUp()

        // Written while no indexer runs.
        let late = try await first.create([["Name": "quarterly tax report"]])
        _ = try await first.world.services.records.update(
            [(early[0].id, ["Name": "renamed unicorn task"])], replace: false, typecast: false,
            in: TableRef(baseID: first.base.id, table: "Tasks", by: first.world.ownerPrincipal))
        _ = try await first.world.services.records.delete(
            recordIDs: [early[1].id], in: TableRef(baseID: first.base.id, table: "Tasks", by: first.world.ownerPrincipal))

        let second = try await first.restarted()
        let behind = try await second.search.status(in: TableRef(baseID: first.base.id, table: "Tasks", by: first.world.ownerPrincipal))
        // The deleted record's vector left the database with it.
        #expect(behind.vectors == 11)
        #expect(behind.eventsBehind == 3)
        try await second.indexer.catchUp()

        #expect(second.embedder.textsEmbedded == 2)
        #expect(try await second.find("quarterly tax report", mode: .semantic, k: 1) == [late[0].id])
        #expect(try await second.find("unicorn", mode: .keyword) == [early[0].id])
        #expect(!(try await second.find("early task number 1", mode: .semantic, k: 12)).contains(early[1].id))
        let caughtUp = try await second.search.status(in: TableRef(baseID: first.base.id, table: "Tasks", by: first.world.ownerPrincipal))
        #expect(caughtUp.vectors == 12)
        #expect(caughtUp.eventsBehind == 0)
    }

    @Test func anUpdateChangesWhatASearchFinds() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        let records = try await search.create([["Name": "order more coffee beans"], ["Name": "book flights to Lisbon"]])
        try await search.indexer.catchUp()
        #expect(try await search.find("coffee beans", mode: .semantic, k: 1) == [records[0].id])

        _ = try await search.world.services.records.update(
            [(records[1].id, ["Name": "order coffee beans and filters"])], replace: false, typecast: false,
            in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal))
        _ = try await search.world.services.records.update(
            [(records[0].id, ["Name": "renew passport"])], replace: false, typecast: false,
            in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal))
        try await search.indexer.catchUp()
        #expect(try await search.find("coffee beans", mode: .semantic, k: 1) == [records[1].id])
        #expect(try await search.find("coffee", mode: .keyword) == [records[1].id])
        #expect(try await search.find("passport", mode: .hybrid, k: 1) == [records[0].id])
    }

    @Test func aDeletedRecordLeavesEveryKindOfResult() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        let records = try await search.create([["Name": "migrate the database"], ["Name": "database backups"]])
        try await search.indexer.catchUp()
        _ = try await search.world.services.records.delete(
            recordIDs: [records[0].id], in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal))

        // Keyword text goes with the record at once; the vector when the indexer sees the event.
        #expect(try await search.find("database", mode: .keyword) == [records[1].id])
        try await search.indexer.catchUp()
        for mode in SearchMode.allCases {
            #expect(try await search.find("database", mode: mode) == [records[1].id])
        }
        #expect(try await search.search.status(in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal)).vectors == 1)
    }

    @Test func changingTheSearchableFieldsReindexesTheTable() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        let records = try await search.create([["Name": "alpha", "Notes": "zebra crossing"], ["Name": "zebra", "Notes": "nothing here"]])
        try await search.indexer.catchUp()
        #expect(Set(try await search.find("zebra", mode: .keyword)) == Set(records.map(\.id)))

        let table = try await search.world.services.tables.updateTable(
            TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal),
            name: nil, description: nil, searchFields: .fields(["Name"]))
        #expect(table.searchFieldIDs == [search.table.fields[0].id])
        try await search.indexer.catchUp()
        #expect(try await search.find("zebra", mode: .keyword) == [records[1].id])
        #expect(try await search.find("crossing", mode: .hybrid).isEmpty == false)
        #expect(!(try await search.find("crossing", mode: .keyword)).contains(records[0].id))

        // Renaming a searchable field changes every text, so every record is embedded again.
        let before = search.embedder.textsEmbedded
        _ = try await search.world.services.tables.updateField(
            "Name", in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal),
            name: "Title", description: nil, options: nil)
        try await search.indexer.catchUp()
        #expect(search.embedder.textsEmbedded == before + 2)
    }

    @Test func aGrowingTableSwitchesFromExactSearchToHNSW() async throws {
        var configuration = SearchConfiguration()
        configuration.exactSearchLimit = 30
        let search = try await SearchWorld.make(configuration: configuration)
        defer { search.world.remove() }
        let records = try await search.create(
            (0..<40).map { ["Name": .string("item \($0) of the catalogue, colour \(["red", "green", "blue", "amber"][$0 % 4])")] })
        try await search.indexer.catchUp()
        let status = try await search.search.status(in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal))
        #expect(status.kind == "hnsw")
        #expect(status.vectors == 40)
        #expect(try await search.find("item 17 of the catalogue, colour green", mode: .semantic, k: 1) == [records[17].id])

        let restarted = try await search.restarted(configuration: configuration)
        #expect(try await restarted.search.status(in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal)).kind == "hnsw")
        #expect(try await restarted.find("item 17 of the catalogue, colour green", mode: .semantic, k: 1) == [records[17].id])
    }

    @Test func recordsWithoutSearchableTextHaveNoVector() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        let records = try await search.create([["Points": 3], ["Name": "has words"]])
        try await search.indexer.catchUp()
        #expect(try await search.search.status(in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal)).vectors == 1)
        _ = try await search.world.services.records.update(
            [(records[1].id, ["Name": .null])], replace: false, typecast: false,
            in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal))
        try await search.indexer.catchUp()
        #expect(try await search.search.status(in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal)).vectors == 0)
        #expect(try await search.find("words", mode: .hybrid).isEmpty)
    }
}
