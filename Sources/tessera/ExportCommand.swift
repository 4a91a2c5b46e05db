import ArgumentParser
import Foundation
import Logging
import TesseraCore

/// `tessera export --base appX --to FILE|DIR`: a base's schema, records and comments as one
/// JSON document (docs/base-export-format.md), plus a CSV per table when the target is a directory.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a base (schema, records, comments) to a JSON file, or to a directory with a CSV per table.",
        discussion: """
            --to FILE.json writes the document alone. Any other --to is a directory (made when missing): \
            base.json plus one <table name>.csv per table, cells as text the way the grid shows them. \
            tessera import makes a new base from either.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var token: TokenOptions

    @Option(help: "Base id (appXXXXXXXXXXXXXX).")
    var base: String

    @Option(help: "A .json file, or a directory for base.json and a CSV per table.")
    var to: String

    func run() async throws {
        let (database, services) = try await reportingErrors { try await store.openServices(logger: CLILogging.bootstrap(level: .warning)) }
        let principal = try await reportingErrors { try await services.auth.authenticate(bearer: try token.resolve(for: "export")) }
        let progress = TransferProgress(verb: "export")
        let export = try await reportingErrors {
            try await BaseTransferService(store: database).export(baseID: base, by: principal) { done, total in progress.update(done, of: total) }
        }
        let target = BaseFiles(path: to)
        try target.write(export)
        let comments = export.document.tables.reduce(0) { $0 + $1.records.reduce(0) { $0 + $1.comments.count } }
        print(
            "Exported \(export.document.name) (\(base)): \(export.document.tables.count) tables, \(export.document.recordCount) records, "
                + "\(comments) comments to \(target.describe)")
    }
}
