import GRDB
import TesseraCore

/// A partial index over one table's records in the order of one field's cells, made the first
/// time a large table is sorted by that field. Without it every sort parses every record's JSON
/// (`json_extract` reads the whole document): 10,000 parents whose link and lookup arrays hold
/// 100,000 children are 4.5 MB of JSON, about 30 ms, for each page. With it SQLite walks the
/// index and stops after the page.
struct SQLiteSortIndex {
    /// Below this size a sort costs less than the index would cost every write.
    static let minimumRecords = 1_000
    /// Each index is maintained on every write to its table; a table keeps at most this many.
    static let maximumPerTable = 16

    let tableID: String
    let fieldID: String
    let caseInsensitive: Bool

    /// The index for the scan's first sort key, when that key is a cell.
    init?(_ scan: RecordScan) {
        guard let first = scan.sort.first, case .cell(let fieldID) = first.value else { return nil }
        self.init(tableID: scan.tableID, fieldID: fieldID, caseInsensitive: first.caseInsensitive)
    }

    init(tableID: String, fieldID: String, caseInsensitive: Bool) {
        precondition(TesseraID.isValid(tableID, .table), "table ids reaching SQL are validated")
        self.tableID = tableID
        self.fieldID = fieldID
        self.caseInsensitive = caseInsensitive
    }

    /// Ids are `tbl`/`fld` + alphanumerics, so the name needs no quoting.
    var name: String { "records_sort_\(tableID)_\(fieldID)\(caseInsensitive ? "_nocase" : "")" }

    /// Whether the index is missing and worth making: the table is large and has room for it.
    func isWanted(_ db: Database) throws -> Bool {
        guard try !exists(db) else { return false }
        let records = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM records WHERE table_id = ?"), arguments: [tableID]) ?? 0
        return try records >= Self.minimumRecords && Self.names(ofTable: tableID, db).count < Self.maximumPerTable
    }

    func create(_ db: Database) throws {
        // The collation and the expression must be the ones `SQLiteRecordQuery` sorts by, and
        // the literal table id lets the planner match the partial index's condition.
        let key = SQLiteRecordQuery.cell(fieldID) + (caseInsensitive ? " COLLATE NOCASE" : "")
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(name) ON records(table_id, \(key), auto_number) WHERE table_id = '\(tableID)'")
    }

    func exists(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?"), arguments: [name]) ?? false
    }

    /// Drops a field's indexes, whose collation may no longer be the field's (a formula or
    /// rollup whose result type changed); the next sort makes the right one.
    static func drop(tableID: String, fieldID: String, _ db: Database) throws {
        for caseInsensitive in [false, true] {
            let index = SQLiteSortIndex(tableID: tableID, fieldID: fieldID, caseInsensitive: caseInsensitive)
            try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)")
        }
    }

    static func names(ofTable tableID: String, _ db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name GLOB ?"),
            arguments: ["records_sort_\(tableID)_*"])
    }
}
