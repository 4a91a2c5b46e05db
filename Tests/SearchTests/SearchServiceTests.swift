import Foundation
import Search
import TesseraCore
import TesseraTesting
import Testing

/// Requests, filters and permissions of `SearchService`.
@Suite struct SearchServiceTests {
    @Test func filtersApplyToEveryModeAndStillFillK() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        let records = try await search.create((0..<60).map { ["Name": .string("report number \($0)"), "Points": .number(Double($0))] })
        try await search.indexer.catchUp()
        for mode in SearchMode.allCases {
            let found = try await search.find("report number", mode: mode, k: 3, filter: "{Points} >= 57")
            #expect(Set(found) == Set(records[57...].map(\.id)), "mode \(mode)")
        }
        #expect(try await search.find("report", mode: .keyword, k: 5, filter: "{Points} > 100").isEmpty)
    }

    @Test func searchKeepsToTheTablesAPrincipalMaySee() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        try await search.create([["Name": "secret merger plans"]])
        let (stranger, theirWorkspace) = try await search.world.makeStranger()
        let (theirBase, theirTables) = try await search.world.services.workspaces.createBase(
            name: "Theirs", workspaceID: theirWorkspace.id,
            tables: [TableDefinition(name: "Tasks", fields: [FieldDefinition(name: "Name", type: "singleLineText")])],
            by: stranger)
        _ = try await search.world.services.records.create(
            [["Name": "their own merger notes"]], typecast: false, in: TableRef(baseID: theirBase.id, table: "Tasks", by: stranger))
        try await search.indexer.catchUp()

        let error = await #expect(throws: TesseraError.self) { try await search.find("merger", mode: .hybrid, by: stranger) }
        #expect(error?.kind == .notFound)
        await #expect(throws: TesseraError.self) {
            try await search.search.status(in: TableRef(baseID: search.base.id, table: search.table.id, by: stranger))
        }
        for mode in SearchMode.allCases {
            let theirs = try await search.search.search(
                SearchRequest(query: "secret merger plans", k: 10, mode: mode), in: TableRef(baseID: theirBase.id, table: theirTables[0].id, by: stranger))
            #expect(theirs.hits.allSatisfy { $0.record.tableID == theirTables[0].id })
            #expect(theirs.hits.count <= 1)
        }
        let status = try await search.search.status(in: TableRef(baseID: theirBase.id, table: theirTables[0].id, by: stranger))
        #expect(status.vectors == 1)
    }

    @Test(arguments: [
        (SearchRequest(query: "   "), "non-empty"),
        (SearchRequest(query: "x", k: 0), "k must be between 1 and 100"),
        (SearchRequest(query: "x", k: 101), "k must be between 1 and 100"),
        (SearchRequest(query: "x", filterByFormula: "{Nope} = 1"), "formula"),
        (SearchRequest(query: "x", fields: ["Nope"]), "Nope"),
    ])
    func badRequestsAreRejectedWithAReason(request: SearchRequest, message: String) async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        let error = await #expect(throws: TesseraError.self) {
            try await search.search.search(request, in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal))
        }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func resultsCarryScoresRanksAndTheRequestedFields() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        try await search.create([["Name": "water the plants", "Notes": "every tuesday"], ["Name": "plants to buy", "Notes": "ferns"]])
        try await search.indexer.catchUp()
        let results = try await search.search.search(
            SearchRequest(query: "water plants", k: 2, mode: .hybrid, fields: ["Name"]),
            in: TableRef(baseID: search.base.id, table: "Tasks", by: search.world.ownerPrincipal))
        let json = results.json()
        let records = try #require(json["records"]?.arrayValue)
        #expect(records.count == 2)
        #expect(records.map { $0["rank"]?.numberValue } == [1, 2])
        #expect(records[0]["score"]!.numberValue! >= records[1]["score"]!.numberValue!)
        #expect(records[0]["fields"]?.objectValue?.keys.sorted() == ["Name"])
        #expect(records[0]["createdTime"]?.stringValue != nil)
        #expect(json["mode"] == "hybrid")
    }
}

@Suite struct KeywordCoverageTests {
    @Test func keywordHitsHoldAtLeastHalfOfTheQueryWords() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        let records = try await search.create([
            ["Name": "reset the account password"], ["Name": "accounting department invoices"], ["Name": "orders shipped late"],
        ])
        try await search.indexer.catchUp()
        // "account" is 1 of 3 words ("how", "do", "I", "my" do not count): no hit for the
        // accounting record; the password record holds all 3.
        #expect(try await search.find("how do I reset my account password", mode: .keyword) == [records[0].id])
        #expect(try await search.find("late order", mode: .keyword) == [records[2].id])
        #expect(try await search.find("why is everything so slow today", mode: .keyword).isEmpty)
    }
}

@Suite struct LookupSearchTests {
    /// Tasks look up their project's name: a search for the project finds its tasks, and renaming
    /// the project moves the hits (the recomputed lookup is an event the indexer follows).
    @Test func lookupTextIsSearchableAndFollowsTheLinkedRecord() async throws {
        let search = try await SearchWorld.make()
        defer { search.world.remove() }
        let services = search.world.services
        let owner = search.world.ownerPrincipal
        _ = try await services.tables.createTable(
            TableDefinition(name: "Projects", fields: [FieldDefinition(name: "Name", type: "singleLineText")]),
            baseID: search.base.id, by: owner)
        let tasks = TableRef(baseID: search.base.id, table: "Tasks", by: owner)
        _ = try await services.tables.createField(
            FieldDefinition(name: "Project", type: "multipleRecordLinks", options: ["linkedTableId": "Projects"]), in: tasks)
        _ = try await services.tables.createField(
            FieldDefinition(
                name: "Project name", type: "multipleLookupValues",
                options: [
                    "recordLinkFieldId": "Project", "fieldIdInLinkedTable": "Name",
                ]), in: tasks)
        let (projects, _) = try await services.records.create(
            [["Name": "Zeppelin"], ["Name": "Hindenburg"]], typecast: false,
            in: TableRef(baseID: search.base.id, table: "Projects", by: owner))
        let created = try await search.create([
            ["Name": "Inflate the envelope", "Project": [.string(projects[0].id)]],
            ["Name": "Paint the hull", "Project": [.string(projects[1].id)]],
        ])
        try await search.indexer.catchUp()
        #expect(try await search.find("zeppelin", mode: .keyword) == [created[0].id])

        _ = try await services.records.update(
            [(projects[1].id, ["Name": "Zeppelin NT"])], replace: false, typecast: false,
            in: TableRef(baseID: search.base.id, table: "Projects", by: owner))
        try await search.indexer.catchUp()
        #expect(Set(try await search.find("zeppelin", mode: .keyword)) == [created[0].id, created[1].id])
        #expect(try await search.find("hindenburg", mode: .keyword).isEmpty)
    }
}
