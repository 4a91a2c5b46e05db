import Foundation
import GRDB
import TesseraCore

/// Online copies of a SQLite store: taken while other processes keep writing (WAL), each a
/// consistent snapshot read in one transaction, and checked before it is kept or restored.
public enum SQLiteBackup {
    /// What a checked copy holds.
    public struct Summary: Sendable, Equatable {
        public let bytes: Int64
        /// The last change in the copy (the events log's newest sequence number).
        public let lastEvent: Int64
        public let migrations: [String]
    }

    /// Copies the store's database to `destination`: written beside it, checked, then renamed
    /// into place, so a failed or interrupted backup never leaves a partial file under that name.
    public static func copy(_ store: SQLiteStore, to destination: String) throws -> Summary {
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let copy = try DatabaseQueue(path: partial)
            // One step: the whole copy reads a single snapshot while writers go on in the WAL.
            try store.pool.backup(to: copy)
            try copy.close()
            let summary = try check(partial)
            if FileManager.default.fileExists(atPath: destination) { try FileManager.default.removeItem(atPath: destination) }
            try FileManager.default.moveItem(atPath: partial, toPath: destination)
            return summary
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error as? TesseraError ?? TesseraError(.databaseUnavailable, "The backup to \(destination) failed: \(error)")
        }
    }

    /// Checks a copy without changing it: SQLite's integrity check passes and it is a Tessera
    /// database (it has the migrations table and the events log).
    public static func check(_ path: String) throws -> Summary {
        guard FileManager.default.fileExists(atPath: path) else { throw TesseraError(.notFound, "No backup at \(path)") }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let database = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? database.close() }
            return try database.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard integrity == ["ok"] else {
                    throw TesseraError(.invalidRequest, "\(path) fails SQLite's integrity check: \(integrity.prefix(3).joined(separator: "; "))")
                }
                guard try db.tableExists("grdb_migrations"), try db.tableExists("events") else {
                    throw TesseraError(.invalidRequest, "\(path) is not a Tessera database")
                }
                let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
                return Summary(
                    bytes: size,
                    lastEvent: try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0,
                    migrations: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            }
        } catch let error as TesseraError {
            throw error
        } catch {
            throw TesseraError(.invalidRequest, "\(path) cannot be read as a SQLite database: \(error)")
        }
    }

    /// Makes a checked copy the database of `dataDirectory`. No server may have that directory
    /// open. An existing database is replaced only when `replacing` is set, and is then kept
    /// beside it as `tessera.sqlite.before-restore`.
    public static func restore(_ source: String, into dataDirectory: String, replacing: Bool) throws -> Summary {
        let summary = try check(source)
        let target = SQLiteStore.path(inDataDirectory: dataDirectory)
        let files = FileManager.default
        if files.fileExists(atPath: target) {
            guard replacing else {
                throw TesseraError(.invalidRequest, "\(target) exists; stop the server and pass --replace to restore over it")
            }
            let kept = target + ".before-restore"
            try? files.removeItem(atPath: kept)
            // A clean copy of the current database, its WAL folded in, then the WAL files go.
            try DatabaseQueue(path: target).writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [kept]) }
            for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: target + suffix) }
        }
        try files.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        try files.copyItem(atPath: source, toPath: target)
        return summary
    }
}
