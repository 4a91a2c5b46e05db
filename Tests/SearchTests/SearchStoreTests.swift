import Foundation
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

/// The SQLite side of search: vectors, keyword text and the follower cursor.
@Suite struct SearchStoreTests {
    private func document(_ record: Record, text: String, vector: [Float]?) -> SearchDocument {
        SearchDocument(
            recordID: record.id, tableID: record.tableID, version: record.lastModifiedTime ?? record.createdTime,
            text: text, contentHash: "hash-\(text.count)", vector: vector)
    }

    private func makeRecords(_ world: TestWorld, _ names: [String]) async throws -> (Base, [Record]) {
        let (base, table) = try await world.makeTasksBase()
        let (records, _) = try await world.services.records.create(
            names.map { ["Name": .string($0)] }, typecast: false, in: TableRef(baseID: base.id, table: table.id, by: world.ownerPrincipal))
        return (base, records)
    }

    @Test func savedDocumentsAreFoundByKeywordAndLoadedInTheSnapshot() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (_, records) = try await makeRecords(world, ["alpha", "beta", "gamma"])
        try await world.store.saveSearchDocuments(
            [
                document(records[0], text: "Name: red apples from the orchard", vector: [1, 0]),
                document(records[1], text: "Name: green pears", vector: [0, 1]),
                document(records[2], text: "Name: apple pie recipes", vector: [0.6, 0.8]),
            ], model: "m", follower: "search", cursor: 7)

        let matches = try await world.store.keywordMatches(tableID: records[0].tableID, query: "Apple?", limit: 10)
        #expect(Set(matches.map(\.recordID)) == [records[0].id, records[2].id])
        #expect(try await world.store.keywordMatches(tableID: records[0].tableID, query: "\" OR NOT (", limit: 10).isEmpty)
        #expect(try await world.store.keywordMatches(tableID: "tblOther0000000", query: "apple", limit: 10).isEmpty)

        let snapshot = try await world.store.searchSnapshot(follower: "search", model: "m")
        #expect(snapshot.cursor == 7)
        #expect(snapshot.embeddings.map(\.recordID) == records.map(\.id))
        #expect(snapshot.embeddings[2].vector == [0.6, 0.8])
        #expect(snapshot.embeddings[1].autoNumber == records[1].autoNumber)
        #expect(try await world.store.searchSnapshot(follower: "search", model: "other").embeddings.isEmpty)
    }

    @Test func theCursorNeverMovesBack() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        #expect(try await world.store.searchSnapshot(follower: "search", model: "m").cursor == nil)
        try await world.store.saveSearchDocuments([], model: "m", follower: "search", cursor: 20)
        try await world.store.saveSearchDocuments([], model: "m", follower: "search", cursor: 5)
        #expect(try await world.store.searchSnapshot(follower: "search", model: "m").cursor == 20)
    }

    @Test func deletingARecordDropsItsVectorAndText() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, records) = try await makeRecords(world, ["one", "two"])
        try await world.store.saveSearchDocuments(
            records.map { document($0, text: "Name: shared word \($0.id)", vector: [1]) },
            model: "m", follower: "search", cursor: 1)
        _ = try await world.services.records.delete(
            recordIDs: [records[0].id], in: TableRef(baseID: base.id, table: records[0].tableID, by: world.ownerPrincipal))

        #expect(try await world.store.keywordMatches(tableID: records[0].tableID, query: "shared", limit: 10).map(\.recordID) == [records[1].id])
        #expect(try await world.store.searchSnapshot(follower: "search", model: "m").embeddings.map(\.recordID) == [records[1].id])
        if let sqlite = world.store as? SQLiteStore { #expect(try await sqlite.integrityCheck() == "ok") }
    }

    @Test func aDocumentOfAnOlderVersionIsNotWritten() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (_, records) = try await makeRecords(world, ["old"])
        let stale = SearchDocument(
            recordID: records[0].id, tableID: records[0].tableID, version: records[0].createdTime.addingTimeInterval(-5),
            text: "Name: old", contentHash: "h", vector: [1])
        #expect(try await world.store.saveSearchDocuments([stale], model: "m", follower: "search", cursor: 3).isEmpty)
        #expect(try await world.store.embeddings(recordIDs: [records[0].id], model: "m").isEmpty)
        #expect(try await world.store.searchSnapshot(follower: "search", model: "m").cursor == 3)

        #expect(
            try await world.store.saveSearchDocuments([document(records[0], text: "Name: old", vector: [1])], model: "m", follower: "search", cursor: 4) == [
                records[0].id
            ])
        #expect(try await world.store.embeddings(recordIDs: [records[0].id], model: "m")[records[0].id]?.vector == [1])
    }

    @Test func aRecordWithoutTextLosesItsVector() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (_, records) = try await makeRecords(world, ["x"])
        try await world.store.saveSearchDocuments([document(records[0], text: "Name: x", vector: [1])], model: "m", follower: "search", cursor: 1)
        try await world.store.saveSearchDocuments([document(records[0], text: "", vector: nil)], model: "m", follower: "search", cursor: 2)
        #expect(try await world.store.embeddings(recordIDs: [records[0].id], model: "m").isEmpty)
        #expect(try await world.store.keywordMatches(tableID: records[0].tableID, query: "x", limit: 5).isEmpty)
    }
}
