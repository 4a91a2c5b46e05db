import Embeddings
import Foundation
import Logging
import Search
import TesseraCore
import TesseraTesting
import Testing

/// Hybrid search against each mode alone, with the real model, on a small labelled set of
/// support tickets. Half of the queries paraphrase a ticket (no shared words: keyword search
/// cannot find them), half name its product code or order number among near-identical codes
/// (the model sees little difference between the codes: semantic search ranks them poorly).
@Suite struct HybridRelevanceTests {
    static let tickets: [(code: String, text: String)] = [
        ("PX-7731", "Battery drains overnight: the phone loses its charge while idle"),
        ("PX-7713", "Battery swelling: the back cover of the phone bulges"),
        ("QZ-1180", "Screen flickers: the display shows flashing horizontal lines"),
        ("QZ-1108", "Screen cracked after a drop from the desk"),
        ("E4471", "App crashes on launch: the application closes right after opening"),
        ("E4417", "App is slow to open the settings page"),
        ("TR-5520", "Laptop overheating: the fan is loud and the case gets hot under load"),
        ("TR-5502", "Laptop keyboard: some keys stop responding"),
        ("ORD-55812", "Refund request: the customer wants the money back for an unwanted order"),
        ("ORD-55182", "Invoice copy requested for the accounting department"),
        ("WF-3390", "Wi-Fi disconnects: the wireless network drops every few minutes"),
        ("WF-3309", "Bluetooth headphones will not pair"),
        ("AC-2048", "Cannot sign in: the user forgot the password and is locked out"),
        ("AC-2084", "Two-factor codes arrive late by text message"),
        ("SH-9001", "Parcel arrived two weeks late and the courier lost the tracking"),
        ("SH-9010", "Parcel delivered to the wrong address"),
    ]

    /// Query → the code of the one relevant ticket.
    static let queries: [(query: String, code: String)] = [
        ("my mobile runs out of power when I am not using it", "PX-7731"),
        ("notebook becomes very warm and noisy when busy", "TR-5520"),
        ("I would like to be reimbursed for my purchase", "ORD-55812"),
        ("I can't log into my account anymore", "AC-2048"),
        ("internet connection keeps cutting out", "WF-3390"),
        ("shipment came very late", "SH-9001"),
        ("ticket PX-7713", "PX-7713"),
        ("QZ-1108", "QZ-1108"),
        ("error E4417", "E4417"),
        ("TR-5502", "TR-5502"),
        ("order ORD-55182", "ORD-55182"),
        ("WF-3309", "WF-3309"),
    ]

    @Test func hybridRanksTheRelevantTicketHigherThanEitherModeAlone() async throws {
        let modelDirectory =
            ProcessInfo.processInfo.environment["TESSERA_EMBEDDING_MODEL"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("models/all-MiniLM-L6-v2")
        guard FileManager.default.fileExists(atPath: modelDirectory.appendingPathComponent("model.safetensors").path) else {
            Issue.record("no model at \(modelDirectory.path): run scripts/fetch-model.sh")
            return
        }
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, tables) = try await world.services.workspaces.createBase(
            name: "Support", workspaceID: world.workspace.id,
            tables: [
                TableDefinition(
                    name: "Tickets", fields: [FieldDefinition(name: "Code", type: "singleLineText"), FieldDefinition(name: "Summary", type: "multilineText")])
            ],
            by: world.ownerPrincipal)
        var ids: [String: String] = [:]
        for ticket in Self.tickets {
            let (records, _) = try await world.services.records.create(
                [["Code": .string(ticket.code), "Summary": .string(ticket.text)]], typecast: false,
                in: TableRef(baseID: base.id, table: tables[0].id, by: world.ownerPrincipal))
            ids[ticket.code] = records[0].id
        }
        let indexer = SearchIndexer(store: world.store, embedder: try MiniLMEmbedder(modelDirectory: modelDirectory), logger: Logger(label: "test"))
        try await indexer.load()
        try await indexer.catchUp()
        let search = SearchService(store: world.store, indexer: indexer)

        var meanReciprocalRank: [SearchMode: Double] = [:]
        for mode in SearchMode.allCases {
            var total = 0.0
            for labelled in Self.queries {
                let hits = try await search.search(
                    SearchRequest(query: labelled.query, k: 10, mode: mode), in: TableRef(baseID: base.id, table: "Tickets", by: world.ownerPrincipal)
                ).hits
                if let rank = hits.firstIndex(where: { $0.record.id == ids[labelled.code] }) { total += 1 / Double(rank + 1) }
            }
            meanReciprocalRank[mode] = total / Double(Self.queries.count)
        }
        let semantic = meanReciprocalRank[.semantic]!
        let keyword = meanReciprocalRank[.keyword]!
        let hybrid = meanReciprocalRank[.hybrid]!
        #expect(hybrid > semantic, "MRR hybrid \(hybrid) vs semantic \(semantic)")
        #expect(hybrid > keyword, "MRR hybrid \(hybrid) vs keyword \(keyword)")
        print("hybrid relevance: MRR semantic \(semantic), keyword \(keyword), hybrid \(hybrid)")
    }
}
