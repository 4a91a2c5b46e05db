import ArgumentParser
import Foundation
import Logging
import TesseraCore
import TesseraStorage

/// `tessera backup --to FILE`: a consistent copy of a SQLite database while the server keeps
/// writing; `tessera restore --from FILE` makes a checked copy a data directory's database.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to a file while the server keeps running, and check the copy.",
        discussion: """
            The copy is one snapshot: every change acknowledged before the backup started is in it. \
            On PostgreSQL use pg_dump instead (see the README).
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "The file to write (replaced when the copy is complete and checked).")
    var to: String

    func run() async throws {
        let path = try store.sqlitePath(for: "backup")
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("No database at \(path): pass the server's --data-dir") }
        let logger = CLILogging.bootstrap(level: .warning)
        let database = try reportingErrorsSync { try SQLiteStore(path: path, logger: logger) }
        let summary = try reportingErrorsSync { try SQLiteBackup.copy(database, to: to) }
        print(Self.describe(to, summary))
    }

    static func describe(_ path: String, _ summary: SQLiteBackup.Summary) -> String {
        "\(path): \(summary.bytes) bytes, changes up to event \(summary.lastEvent), \(summary.migrations.count) migrations; integrity ok"
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Make a backup the database of a data directory (stop the server first).")

    @OptionGroup var store: StoreOptions

    @Option(help: "The backup file (tessera backup --to).")
    var from: String

    @Flag(help: "Replace an existing database; it is kept as tessera.sqlite.before-restore.")
    var replace = false

    func run() throws {
        guard let directory = store.dataDirectory else {
            throw CLIError("tessera restore writes a data directory's database: pass --data-dir (on PostgreSQL use pg_restore, see the README)")
        }
        let summary = try reportingErrorsSync { try SQLiteBackup.restore(from, into: directory, replacing: replace) }
        print(BackupCommand.describe(SQLiteStore.path(inDataDirectory: directory), summary))
    }
}
