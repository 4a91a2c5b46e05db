import Foundation
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

/// The store's keyword answer: best BM25 first, ties in record order, cut at the limit, each
/// match with its own text.
@Suite struct KeywordRankingTests {
    @Test func matchesComeBestFirstWithTheirOwnTexts() async throws {
        let world = try await TestWorld.make(onSQLite: true)
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        let texts = [
            "Name: a report", "Name: report report report", "Name: weather", "Name: a report", "Name: report on the report",
        ]
        let (records, _) = try await world.services.records.create(
            texts.indices.map { ["Name": .string("row \($0)")] }, typecast: false, in: TableRef(baseID: base.id, table: table.id, by: world.ownerPrincipal))
        try await world.store.saveSearchDocuments(
            zip(records, texts).map { record, text in
                SearchDocument(
                    recordID: record.id, tableID: record.tableID, version: record.createdTime, text: text,
                    contentHash: "hash-\(record.id)", vector: [1, 0])
            }, model: "m", follower: "search", cursor: 1)

        let matches = try await world.store.keywordMatches(tableID: table.id, query: "report", limit: 3)
        #expect(matches.map(\.recordID) == [records[1].id, records[4].id, records[0].id])
        #expect(matches.map(\.text) == [texts[1], texts[4], texts[0]])
        #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.score >= $1.score })

        let all = try await world.store.keywordMatches(tableID: table.id, query: "report", limit: 10)
        #expect(all.map(\.recordID) == [records[1].id, records[4].id, records[0].id, records[3].id])
    }
}
