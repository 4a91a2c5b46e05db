import ArgumentParser
import Foundation
import Logging
import TesseraCore

/// `tessera import --from FILE|DIR --workspace wspX`: a new base from what `tessera export`
/// wrote, under new ids, in one transaction; prints the new base's id.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make a new base from a tessera export (a .json file, or a directory holding base.json); prints its id.",
        discussion: """
            Every id is new (base, tables, fields, views, records, comments) and every reference is remapped: \
            links and their inverses, lookups, rollups, counts, formulas, view filters and sorts. Computed \
            fields are computed again. Records and comments keep their created times; authors and creators \
            are matched by id, then by email, else the token's user. The import is one transaction: on any \
            error nothing is written.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var token: TokenOptions

    @Option(help: "The export: a .json file, or a directory with base.json.")
    var from: String

    @Option(help: "Workspace id (wsp…) for the new base.")
    var workspace: String

    @Option(help: "Name of the new base (default: the exported base's name).")
    var name: String?

    func run() async throws {
        let document = try BaseFiles(path: from).read()
        let (database, services) = try await reportingErrors { try await store.openServices(logger: CLILogging.bootstrap(level: .warning)) }
        let principal = try await reportingErrors { try await services.auth.authenticate(bearer: try token.resolve(for: "import")) }
        printError("import: \(document.tables.count) tables, \(IngestProgress.count(document.recordCount)) records, in one transaction")
        let plan = try await reportingErrors {
            try await BaseTransferService(store: database).importBase(document, workspaceID: workspace, name: name, by: principal)
        }
        printError("import: made base \(plan.base.name) (\(plan.base.id)) with \(plan.records.count) records and \(plan.comments.count) comments")
        print(plan.base.id)
    }
}
