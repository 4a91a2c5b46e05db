import Foundation
import GRDB
import Logging
import TesseraCore
import Tracing

/// The zero-setup store: one SQLite file in WAL mode behind one GRDB `DatabasePool`, so many
/// readers run beside one writer, and other processes (`tessera mcp`) may share the file.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    /// One more read-only connection, for `lookup`s: borrowing a reader from the pool costs
    /// more than a lookup (GRDB's pool instantiates a key path to find a free reader).
    private let lookups: DatabaseQueue

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String, logger: Logger = Logger(label: "tessera.sqlite")) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteMigrations.migrator.migrate(pool)
            var readOnly = Configuration()
            readOnly.readonly = true
            readOnly.busyMode = .timeout(10)
            lookups = try DatabaseQueue(path: path, configuration: readOnly)
        } catch {
            throw TesseraError(.databaseUnavailable, "Cannot open the database at \(path): \(error)")
        }
        logger.debug("opened database", metadata: ["path": "\(path)"])
    }

    /// The database file of a data directory.
    public static func path(inDataDirectory dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("tessera.sqlite")
    }

    /// Opens `tessera.sqlite` in a data directory, creating the directory.
    public convenience init(dataDirectory: String, logger: Logger = Logger(label: "tessera.sqlite")) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        try self.init(path: Self.path(inDataDirectory: dataDirectory), logger: logger)
    }

    /// Identifiers of the applied migrations, oldest first (for `tessera migrate`).
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try SQLiteMigrations.migrator.appliedMigrations(db) }
    }

    /// Runs a consistency check of the file (`PRAGMA integrity_check`).
    public func integrityCheck() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// A read whose cost grows with the data (scans, counts, full-text queries): it runs on a
    /// reader's own queue while the calling task is suspended.
    func read<T: Sendable>(function: String = #function, _ work: @Sendable (Database) throws -> T) async throws -> T {
        let span = StoreSpan.start("sqlite", function)
        defer { span.end() }
        let requested = DispatchTime.now()
        do {
            return try await pool.read { db in try DatabaseMetrics.sqliteRead.measure(requestedAt: requested) { try work(db) } }
        } catch {
            throw Self.translate(error, recordingOn: span)
        }
    }

    /// An indexed lookup of a bounded number of rows (a token, a user, a base's schema, records
    /// by id, one page in natural order), in a read transaction of its own. It runs on the
    /// calling thread: the two thread hops of `read` cost more than such a query, and a chat turn
    /// makes about ten of them. Lookups take turns on one connection; the largest, a page of 100
    /// records, holds it for a fraction of a millisecond.
    func lookup<T>(function: String = #function, _ work: (Database) throws -> T) throws -> T {
        let span = StoreSpan.start("sqlite", function)
        defer { span.end() }
        do {
            return try lookups.inDatabase { db in
                // GRDB's `read` would also switch `query_only` on and off and parse BEGIN and
                // COMMIT anew: four statements around every lookup, on a connection that is
                // read-only anyway.
                try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
                do {
                    let value = try work(db)
                    try db.cachedStatement(sql: "COMMIT").execute()
                    return value
                } catch {
                    try? db.cachedStatement(sql: "ROLLBACK").execute()
                    throw error
                }
            }
        } catch {
            throw Self.translate(error, recordingOn: span)
        }
    }

    func write<T: Sendable>(function: String = #function, _ work: @Sendable (Database) throws -> T) async throws -> T {
        let span = StoreSpan.start("sqlite", function)
        defer { span.end() }
        let requested = DispatchTime.now()
        do {
            return try await pool.write { db in try DatabaseMetrics.sqliteWrite.measure(requestedAt: requested) { try work(db) } }
        } catch {
            throw Self.translate(error, recordingOn: span)
        }
    }

    private static func translate(_ error: any Error, recordingOn span: any Span) -> any Error {
        let translated = translate(error)
        span.recordFailure(translated)
        return translated
    }

    /// Constraint violations become conflicts; other database failures stay as they are.
    static func translate(_ error: any Error) -> any Error {
        guard let databaseError = error as? DatabaseError else { return error }
        if databaseError.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || databaseError.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            return TesseraError(.conflict, "That already exists")
        }
        return error
    }
}

extension Date {
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

// GRDB exports `Record` and `Table` too; inside this module the names mean Tessera's.
typealias Record = TesseraCore.Record
typealias Table = TesseraCore.Table
