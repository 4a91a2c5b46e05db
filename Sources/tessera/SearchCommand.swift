import ArgumentParser
import Foundation
import Logging
import Search
import TesseraCore

/// `tessera search`: semantic, keyword or hybrid search over one table, as the token's user.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search a table's records by meaning, by words, or both.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "What to look for.")
    var query: String

    @Option(help: "Base id (appXXXXXXXXXXXXXX).")
    var base: String

    @Option(help: "Table name or id.")
    var table: String

    @Option(help: "How many records to return (1–100).")
    var k: Int = 10

    @Option(help: "semantic, keyword or hybrid.")
    var mode: String = SearchMode.hybrid.rawValue

    @Option(help: "Only records matching this Airtable formula.")
    var filter: String?

    @OptionGroup var token: TokenOptions

    @Option(
        help:
            "Embedding model directory (env TESSERA_EMBEDDING_MODEL; default: all-MiniLM-L6-v2 under the data directory's models/, ~/.local/share/tessera/models/ or ./models/)."
    )
    var model: String?

    @Flag(help: "Print the results as JSON on stdout.")
    var json = false

    @Flag(help: "Also print how the search ran: index kind, freshness, timings (on stderr).")
    var explain = false

    func run() async throws {
        let logger = CLILogging.bootstrap(level: .warning)
        guard let searchMode = SearchMode(rawValue: mode) else { throw CLIError("--mode must be semantic, keyword or hybrid, got \"\(mode)\"") }
        let (database, services) = try await reportingErrors { try await store.openServices(logger: logger) }
        let principal = try await reportingErrors { try await services.auth.authenticate(bearer: try token.resolve(for: "search")) }
        let clock = ContinuousClock()
        let loadStart = clock.now
        let search = try await SearchRuntime.open(store: database, modelDirectory: model, dataDirectory: store.dataDirectory, logger: logger)
        let before = try await reportingErrors { try await search.service.status(in: TableRef(baseID: base, table: table, by: principal)) }
        let catchUpStart = clock.now
        let applied = try await search.indexer.catchUp()
        let searchStart = clock.now
        let results = try await reportingErrors {
            try await search.service.search(
                SearchRequest(query: query, k: k, mode: searchMode, filterByFormula: filter),
                in: TableRef(baseID: base, table: table, by: principal))
        }
        let searchEnd = clock.now
        if explain {
            let after = try await search.service.status(in: TableRef(baseID: base, table: table, by: principal))
            printError(
                """
                index: \(after.kind), \(after.vectors) vectors, model \(after.model) (\(after.dimension)-d)
                freshness: \(before.eventsBehind) events behind at start, \(applied) applied, \(after.eventsBehind) behind now (through event \(after.indexedThrough))
                mode: \(searchMode.rawValue); load \(milliseconds(catchUpStart - loadStart)) ms, catch-up \(milliseconds(searchStart - catchUpStart)) ms, search \(milliseconds(searchEnd - searchStart)) ms
                """)
        }
        if json {
            print(results.json().jsonString())
        } else {
            printTable(results)
        }
    }

    private func printTable(_ results: SearchResults) {
        guard !results.hits.isEmpty else {
            print("No records found.")
            return
        }
        let primary = results.table.field(id: results.table.primaryFieldID)
        print("rank  score     record             \(primary?.name ?? "")")
        for hit in results.hits {
            let title = primary.flatMap { CellRenderer(format: .string).render($0, of: hit.record)?.stringValue } ?? ""
            let score = String(format: "%.4f", hit.score)
            print(
                "\(String(hit.rank).padding(toLength: 6, withPad: " ", startingAt: 0))\(score.padding(toLength: 10, withPad: " ", startingAt: 0))\(hit.record.id)  \(title.replacingOccurrences(of: "\n", with: " ").prefix(80))"
            )
        }
    }

    private func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f", duration.secondsValue * 1000)
    }
}
