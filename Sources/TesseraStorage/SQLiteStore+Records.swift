import Foundation
import GRDB
import TesseraCore

extension SQLiteStore: RecordStore {
    public func scanRecords(_ scan: RecordScan) async throws -> RecordScanPage {
        // A page along the index is bounded work, cheaper than the two thread hops of `read`;
        // scans that sort or filter may read the whole table and go to a reader queue.
        if scan.readsOnePageAlongTheIndex {
            return try lookup { db in try Self.scan(scan, db) }
        }
        if let index = SQLiteSortIndex(scan), try lookup({ db in try index.isWanted(db) }) {
            try await write { db in try index.create(db) }
        }
        return try await read { db in try Self.scan(scan, db) }
    }

    private static func scan(_ scan: RecordScan, _ db: Database) throws -> RecordScanPage {
        var query = SQLiteRecordQuery()
        let conditions = query.conditions(scan)
        let order = query.orderBy(scan.sort)
        var sql = "SELECT \(Self.recordColumns) FROM records WHERE \(conditions) ORDER BY \(order)"
        var arguments = query.arguments
        var skip = 0
        if case .skipping(let count) = scan.start { skip = count }
        if scan.matches == nil {
            // Without an in-memory filter the database can page by itself.
            sql += " LIMIT ? OFFSET ?"
            _ = arguments.append(contentsOf: [scan.limit + 1, skip])
            skip = 0
        }
        // Pages along the index have two shapes of SQL, worth preparing once; sorts and filters
        // have as many shapes as formulas.
        let statement = scan.readsOnePageAlongTheIndex ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        var kept: [Record] = []
        while let row = try rows.next() {
            let record = try Self.record(row)
            if let matches = scan.matches, try !matches(record) { continue }
            if skip > 0 {
                skip -= 1
                continue
            }
            if kept.count == scan.limit { return RecordScanPage(records: kept, hasMore: true) }
            kept.append(record)
        }
        return RecordScanPage(records: kept, hasMore: false)
    }

    public func countRecords(tableID: String) async throws -> Int {
        try await read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM records WHERE table_id = ?"), arguments: [tableID]) ?? 0 }
    }

    public func records(tableID: String, ids: [String]) async throws -> [TesseraCore.Record] {
        guard !ids.isEmpty else { return [] }
        let found = try lookup { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.recordColumns) FROM records WHERE \(Self.idsInTable(ids.count))",
                arguments: StatementArguments(ids + [tableID])
            ).map(Self.record)
        }
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    public func insertRecords(
        _ cells: [[String: JSONValue]], tableID: String, baseID: String, actorID: String,
        choices: ChoiceAdditions
    ) async throws -> [TesseraCore.Record] {
        try await write { db in
            let renamed = try Self.mergeChoices(choices, tableID: tableID, baseID: baseID, actorID: actorID, db)
            let schema = try Self.schema(baseID: baseID, db)
            var number = try Self.lastAutoNumber(tableID, db)
            let now = Date(milliseconds: Date().milliseconds)
            let records = cells.map { cells in
                number += 1
                return Record(
                    id: TesseraID.make(.record), tableID: tableID, createdTime: now, lastModifiedTime: nil,
                    autoNumber: number, cells: ChoiceAdditions.renaming(cells, renamed).filter { !$0.value.isNull }, createdBy: actorID)
            }
            let outcome = try Self.commit(
                records.map { RecordChange(before: nil, after: $0) }, schema: schema, baseID: baseID,
                actorID: actorID, now: now, db)
            return Self.final(records.map(\.id), in: outcome)
        }
    }

    public func updateRecords(
        _ patches: [RecordPatch], tableID: String, baseID: String, actorID: String,
        choices: ChoiceAdditions
    ) async throws -> [TesseraCore.Record] {
        try await write { db in
            let renamed = try Self.mergeChoices(choices, tableID: tableID, baseID: baseID, actorID: actorID, db)
            let schema = try Self.schema(baseID: baseID, db)
            let now = Date(milliseconds: Date().milliseconds)
            let changes = try patches.map { patch in
                guard
                    let row = try Row.fetchOne(
                        db.cachedStatement(sql: "SELECT \(Self.recordColumns) FROM records WHERE id = ? AND table_id = ?"),
                        arguments: [patch.recordID, tableID])
                else {
                    throw TesseraError(.recordNotFound, "Could not find record \(patch.recordID) in this table")
                }
                let before = try Self.record(row)
                let patch = RecordPatch(recordID: patch.recordID, set: ChoiceAdditions.renaming(patch.set, renamed), replace: patch.replace)
                return RecordChange(before: before, after: patch.applied(to: before, table: schema.table(id: tableID), at: now, by: actorID))
            }
            let outcome = try Self.commit(changes, schema: schema, baseID: baseID, actorID: actorID, now: now, db)
            return Self.final(patches.map(\.recordID), in: outcome)
        }
    }

    public func upsertRecords(
        _ patches: [[String: JSONValue]], mergeOn: [String], replace: Bool, tableID: String, baseID: String, actorID: String,
        choices: ChoiceAdditions
    ) async throws -> UpsertOutcome {
        try await write { db in
            let renamed = try Self.mergeChoices(choices, tableID: tableID, baseID: baseID, actorID: actorID, db)
            let keySet = try Self.registerMergeKeySet(mergeOn, tableID: tableID, db)
            let schema = try Self.schema(baseID: baseID, db)
            let now = Date(milliseconds: Date().milliseconds)
            var number = try Self.lastAutoNumber(tableID, db)
            // The batch's own records by key, so a later row of the batch finds one made or changed by an earlier row.
            var batch: [String: Record] = [:]
            var batchKeys: [String: String] = [:]
            var before: [String: Record] = [:]
            var order: [String] = []
            var created: [String] = []
            var updated: [String] = []
            var results: [String] = []
            for patch in patches {
                let cells = ChoiceAdditions.renaming(patch, renamed)
                let key = keySet.key(of: cells)
                var matches = key.flatMap { batchKeys[$0] }.map { [$0] } ?? []
                if matches.isEmpty, let key {
                    matches = try Self.recordIDs(withKey: key, in: keySet, tableID: tableID, db).filter { batch[$0] == nil }
                }
                guard matches.count <= 1 else {
                    throw TesseraError.invalidRequest(
                        "More than one record matches the fieldsToMergeOn values of a record in this request; an upsert needs them to be unique")
                }
                let record: Record
                if let id = matches.first, let existing = try batch[id] ?? Self.records(ids: [id], db).first {
                    if before[id] == nil, batch[id] == nil { before[id] = existing }
                    record = RecordPatch(recordID: id, set: cells, replace: replace).applied(
                        to: existing, table: schema.table(id: tableID), at: now, by: actorID)
                    if !updated.contains(id) { updated.append(id) }
                } else {
                    number += 1
                    record = Record(
                        id: TesseraID.make(.record), tableID: tableID, createdTime: now, lastModifiedTime: nil,
                        autoNumber: number, cells: cells.filter { !$0.value.isNull }, createdBy: actorID)
                    created.append(record.id)
                }
                if batch[record.id] == nil { order.append(record.id) }
                batch[record.id] = record
                if let key = keySet.key(of: record.cells) { batchKeys[key] = record.id }
                results.append(record.id)
            }
            let changes = order.map { RecordChange(before: before[$0], after: batch[$0]) }
            let outcome = try Self.commit(changes, schema: schema, baseID: baseID, actorID: actorID, now: now, db)
            return UpsertOutcome(records: Self.final(results, in: outcome), createdRecordIDs: created, updatedRecordIDs: updated)
        }
    }

    public func deleteRecords(ids: [String], tableID: String, baseID: String, actorID: String) async throws {
        try await write { db in
            let existing = try Row.fetchAll(
                db, sql: "SELECT \(Self.recordColumns) FROM records WHERE \(Self.idsInTable(ids.count))",
                arguments: StatementArguments(ids + [tableID])
            ).map(Self.record)
            if let missing = ids.first(where: { id in !existing.contains { $0.id == id } }) {
                throw TesseraError(.recordNotFound, "Could not find record \(missing) in this table")
            }
            let now = Date(milliseconds: Date().milliseconds)
            _ = try Self.commit(
                existing.map { RecordChange(before: $0, after: nil) }, schema: try Self.schema(baseID: baseID, db),
                baseID: baseID, actorID: actorID, now: now, db)
        }
    }

    /// The records a write named, as stored in the end, in the order named (an id twice, twice).
    private static func final(_ ids: [String], in outcome: Recalculation.Outcome) -> [Record] {
        let byID = Dictionary((outcome.inserted + outcome.updated).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    // MARK: - Comments

    public func commentCounts(recordIDs: [String]) async throws -> [String: Int] {
        guard !recordIDs.isEmpty else { return [:] }
        return try lookup { db in
            var counts = Dictionary(uniqueKeysWithValues: recordIDs.map { ($0, 0) })
            let rows = try Row.fetchAll(
                db, sql: "SELECT record_id, COUNT(*) AS n FROM comments WHERE record_id IN (\(Self.placeholders(recordIDs.count))) GROUP BY record_id",
                arguments: StatementArguments(recordIDs))
            for row in rows { counts[row["record_id"]] = row["n"] }
            return counts
        }
    }

    public func comments(recordID: String, after offset: Int, limit: Int) async throws -> [Comment] {
        try lookup { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM comments WHERE record_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?"),
                arguments: [recordID, limit, offset]
            ).map(Self.comment)
        }
    }

    public func comment(id: String) async throws -> Comment? {
        try lookup { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM comments WHERE id = ?"), arguments: [id]).map(Self.comment) }
    }

    public func insertComment(_ comment: Comment) async throws {
        try await write { db in try Self.insert(comment, db) }
    }

    /// A comment as it is, edit time included (an import keeps it).
    static func insert(_ comment: Comment, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO comments (id, record_id, author_id, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                comment.id, comment.recordID, comment.authorID, comment.text, comment.createdTime.milliseconds, comment.lastUpdatedTime?.milliseconds,
            ])
    }

    public func updateComment(id: String, text: String, at time: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE comments SET text = ?, updated_at = ? WHERE id = ?", arguments: [text, time.milliseconds, id])
        }
    }

    public func deleteComment(id: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM comments WHERE id = ?", arguments: [id]) }
    }

    // MARK: - Rows

    /// The columns `record(_:)` reads, in the order it reads them (by index: a list reads
    /// thousands of rows, and a lookup by name compares names case-insensitively).
    static let recordColumns = "id, table_id, auto_number, data, created_at, updated_at, created_by, updated_by, field_times"

    static func record(_ row: Row) throws -> Record {
        // The cells' JSON is parsed from SQLite's own bytes, without a `String` in between.
        let cells = try row.withUnsafeData(atIndex: 3) { data in
            try data.map { try JSONValue.parse($0).objectValue ?? [:] } ?? [:]
        }
        let times = try row.withUnsafeData(atIndex: 8) { data in
            try data.map { try JSONValue.parse($0).objectValue ?? [:] } ?? [:]
        }
        return Record(
            id: row[0], tableID: row[1], createdTime: Date(milliseconds: row[4]),
            lastModifiedTime: (row[5] as Int64?).map(Date.init(milliseconds:)), autoNumber: row[2], cells: cells,
            createdBy: row[6], lastModifiedBy: row[7],
            fieldModifiedTimes: times.compactMapValues { $0.numberValue.flatMap { Int64(exactly: $0.rounded()) }.map(Date.init(milliseconds:)) })
    }

    private static func comment(_ row: Row) -> Comment {
        Comment(
            id: row["id"], recordID: row["record_id"], authorID: row["author_id"], text: row["text"],
            createdTime: Date(milliseconds: row["created_at"]), lastUpdatedTime: (row["updated_at"] as Int64?).map(Date.init(milliseconds:)))
    }

    static func lastAutoNumber(_ tableID: String, _ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(auto_number), 0) FROM records WHERE table_id = ?"), arguments: [tableID]) ?? 0
    }

    /// `id IN (?, …) AND table_id = ?`, arguments ids first. The unary `+` keeps SQLite from
    /// answering through a `table_id` index, which walks every record of the table (20 ms at
    /// 20,000 records) instead of looking up each id in the unique index.
    static func idsInTable(_ count: Int) -> String {
        "id IN (\(placeholders(count))) AND +table_id = ?"
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
