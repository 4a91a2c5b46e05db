import ArgumentParser
import Foundation
import Logging
import TesseraCore
import TesseraStorage

/// Where the data lives: flags, else environment, else defaults (DESIGN.md's CLI contract).
struct StoreOptions: ParsableArguments {
    @Option(help: "Directory of the SQLite database (env TESSERA_DATA_DIR, default .tessera).")
    var dataDir: String?

    @Option(help: "Database URL instead of the data directory: postgres://user:password@host:port/database or sqlite:PATH (env TESSERA_DATABASE_URL).")
    var databaseURL: String?

    /// Where the database is: a PostgreSQL URL, a SQLite file named by a `sqlite:` URL, or the
    /// data directory's file.
    enum Location {
        case postgres(url: String)
        case sqliteFile(path: String)
        case dataDirectory(String)
    }

    /// The database URL when one is given (flag, else environment), else the data directory.
    func location() throws -> Location {
        let settings = Settings.process
        guard let url = settings.text(databaseURL, .databaseURL) else {
            return .dataDirectory(settings.text(dataDir, .dataDirectory, default: ".tessera"))
        }
        if PostgresConfiguration.isPostgresURL(url) { return .postgres(url: url) }
        guard url.hasPrefix("sqlite:") else {
            throw CLIError("Unsupported database URL \"\(url.prefix(12))…\": use postgres://… or sqlite:PATH")
        }
        return .sqliteFile(path: String(url.dropFirst("sqlite:".count)))
    }

    /// The SQLite data directory, or nil when a database URL is given.
    var dataDirectory: String? {
        guard case .dataDirectory(let directory)? = try? location() else { return nil }
        return directory
    }

    /// The SQLite database file, for commands that only work on SQLite (`backup`).
    func sqlitePath(for command: String) throws -> String {
        switch try location() {
        case .postgres:
            throw CLIError("tessera \(command) copies SQLite databases; on PostgreSQL use pg_dump and pg_restore (see the README)")
        case .sqliteFile(let path): return path
        case .dataDirectory(let directory): return SQLiteStore.path(inDataDirectory: directory)
        }
    }

    /// PostgreSQL when the URL names it, else SQLite (a file, or the data directory's).
    func openStore(logger: Logger) async throws -> any TesseraStore & MigratedStore {
        switch try location() {
        case .postgres(let url):
            return try await reportingErrors { try await PostgresStore.connect(PostgresConfiguration(url: url), logger: logger) }
        case .sqliteFile(let path):
            return try SQLiteStore(path: path, logger: logger)
        case .dataDirectory(let directory):
            return try SQLiteStore(dataDirectory: directory, logger: logger)
        }
    }

    func openServices(logger: Logger, bcryptCost: UInt8? = nil) async throws -> (any TesseraStore & MigratedStore, TesseraServices) {
        let store = try await openStore(logger: logger)
        var configuration = AuthService.Configuration()
        if let bcryptCost { configuration.bcryptCost = bcryptCost }
        return (store, try await TesseraServices(store: store, auth: configuration))
    }
}

/// A failure reported as one line on stderr with a non-zero exit code.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

enum CLILogging {
    /// Logs go to stderr; stdout is kept for what programs read.
    static func bootstrap(level: Logger.Level = .info) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "tessera")
    }
}

extension TesseraError {
    /// CLI commands print service errors as their message alone.
    var cliError: CLIError { CLIError(message) }
}

/// One line on stderr: notes and warnings a person should see, kept off stdout.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a command body, turning service errors into one-line CLI errors.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as TesseraError {
        throw error.cliError
    }
}

/// The synchronous form of `reportingErrors`.
func reportingErrorsSync<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as TesseraError {
        throw error.cliError
    }
}
