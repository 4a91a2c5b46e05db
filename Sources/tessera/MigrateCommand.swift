import ArgumentParser
import Logging
import TesseraCore
import TesseraStorage

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema, then list the applied migrations.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try await store.openStore(logger: CLILogging.bootstrap(level: .warning))
        for migration in try await database.appliedMigrations() {
            print(migration)
        }
    }
}
