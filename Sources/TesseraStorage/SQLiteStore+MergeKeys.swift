import Foundation
import GRDB
import TesseraCore

/// Upserts find records by their merge fields through `merge_keys`, which holds each record's
/// key for every set of merge fields an upsert of its table has used. Registering a set reads
/// only that table's records and every write of the table keeps the keys current in its own
/// transaction, so no index over every tenant's records is ever built inside the write lock.
extension SQLiteStore {
    /// The sets the table's upserts have used, so writes keep their keys current.
    static func mergeKeySets(tableID: String, _ db: Database) throws -> [MergeKeySet] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT key_set FROM merge_key_sets WHERE table_id = ?"), arguments: [tableID])
            .map(MergeKeySet.init(stored:))
    }

    /// The set of `fieldIDs`, registered (and filled from the table's records) on first use.
    static func registerMergeKeySet(_ fieldIDs: [String], tableID: String, _ db: Database) throws -> MergeKeySet {
        let set = try MergeKeySet(fieldIDs)
        try db.execute(sql: "INSERT OR IGNORE INTO merge_key_sets (table_id, key_set) VALUES (?, ?)", arguments: [tableID, set.name])
        guard db.changesCount == 1 else { return set }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, data FROM records WHERE table_id = ?"), arguments: [tableID])
        while let row = try rows.next() {
            let cells = try row.withUnsafeData(atIndex: 1) { data in try data.map { try JSONValue.parse($0).objectValue ?? [:] } ?? [:] }
            if let key = set.key(of: cells) { try insertKey(key, set: set, tableID: tableID, recordID: row[0], db) }
        }
        return set
    }

    /// Writes a record's keys; `replacing` first drops the keys it had.
    static func indexMergeKeys(of record: Record, in sets: [MergeKeySet], replacing: Bool, _ db: Database) throws {
        guard !sets.isEmpty else { return }
        if replacing {
            try db.execute(sql: "DELETE FROM merge_keys WHERE record_id = ?", arguments: [record.id])
        }
        for set in sets {
            if let key = set.key(of: record.cells) { try insertKey(key, set: set, tableID: record.tableID, recordID: record.id, db) }
        }
    }

    static func recordIDs(withKey key: String, in set: MergeKeySet, tableID: String, _ db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT record_id FROM merge_keys WHERE table_id = ? AND key_set = ? AND key = ? LIMIT 2"),
            arguments: [tableID, set.name, key])
    }

    private static func insertKey(_ key: String, set: MergeKeySet, tableID: String, recordID: String, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO merge_keys (table_id, key_set, key, record_id) VALUES (?, ?, ?, ?)",
            arguments: [tableID, set.name, key, recordID])
    }
}
