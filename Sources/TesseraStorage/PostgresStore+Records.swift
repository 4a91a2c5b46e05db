import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: RecordStore {
    public func scanRecords(_ scan: RecordScan) async throws -> RecordScanPage {
        var query = PostgresRecordQuery()
        let conditions = query.conditions(scan)
        let order = query.orderBy(scan.sort)
        let select = "SELECT \(Self.recordColumns) FROM records WHERE \(conditions) ORDER BY \(order)"
        var skip = 0
        if case .skipping(let count) = scan.start { skip = count }
        guard let matches = scan.matches else {
            // Without an in-memory filter the database can page by itself.
            let sql = select + " LIMIT \(query.bind(scan.limit + 1)) OFFSET \(query.bind(skip))"
            let records = try await rows(PostgresQuery(unsafeSQL: sql, binds: query.bindings)).map(Self.record)
            return RecordScanPage(records: Array(records.prefix(scan.limit)), hasMore: records.count > scan.limit)
        }
        // The in-memory filter decides how far to read: a cursor hands rows over a chunk at a
        // time, so a page never loads the whole table.
        let bindings = query.bindings
        return try await snapshot { transaction in
            try await transaction.execute(PostgresQuery(unsafeSQL: "DECLARE scan NO SCROLL CURSOR FOR " + select, binds: bindings))
            var kept: [Record] = []
            while true {
                let rows = try await transaction.rows("FETCH \(unescaped: String(Self.scanChunk)) FROM scan")
                for row in rows {
                    let record = try Self.record(row)
                    guard try matches(record) else { continue }
                    if skip > 0 {
                        skip -= 1
                        continue
                    }
                    if kept.count == scan.limit { return RecordScanPage(records: kept, hasMore: true) }
                    kept.append(record)
                }
                if rows.count < Self.scanChunk { return RecordScanPage(records: kept, hasMore: false) }
            }
        }
    }

    public func countRecords(tableID: String) async throws -> Int {
        try await rows("SELECT COUNT(*) AS n FROM records WHERE table_id = \(tableID)").first?.value("n") ?? 0
    }

    public func records(tableID: String, ids: [String]) async throws -> [TesseraCore.Record] {
        guard !ids.isEmpty else { return [] }
        let found = try await rows("SELECT \(unescaped: Self.recordColumns) FROM records WHERE table_id = \(tableID) AND id = ANY(\(ids))").map(Self.record)
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    public func insertRecords(
        _ cells: [[String: JSONValue]], tableID: String, baseID: String, actorID: String,
        choices: ChoiceAdditions
    ) async throws -> [TesseraCore.Record] {
        try await write { transaction in
            let renamed = try await Self.mergeChoices(choices, tableID: tableID, baseID: baseID, actorID: actorID, transaction)
            var number = try await Self.lockForNewRecords(tableID: tableID, transaction)
            let now = Date(milliseconds: Date().milliseconds)
            let records = cells.map { cells in
                number += 1
                return Record(
                    id: TesseraID.make(.record), tableID: tableID, createdTime: now, lastModifiedTime: nil,
                    autoNumber: number, cells: ChoiceAdditions.renaming(cells, renamed).filter { !$0.value.isNull }, createdBy: actorID)
            }
            let outcome = try await Self.commit(
                records.map { RecordChange(before: nil, after: $0) }, schema: try await Self.schema(baseID: baseID, transaction),
                baseID: baseID, actorID: actorID, now: now, transaction)
            return Self.final(records.map(\.id), in: outcome)
        }
    }

    public func updateRecords(
        _ patches: [RecordPatch], tableID: String, baseID: String, actorID: String,
        choices: ChoiceAdditions
    ) async throws -> [TesseraCore.Record] {
        try await write { transaction in
            let renamed = try await Self.mergeChoices(choices, tableID: tableID, baseID: baseID, actorID: actorID, transaction)
            let schema = try await Self.schema(baseID: baseID, transaction)
            let now = Date(milliseconds: Date().milliseconds)
            // Locked until the transaction ends, so a concurrent change to another field of the record is kept.
            let stored = try await Self.lockedRecords(ids: Set(patches.map(\.recordID)), transaction).filter { $0.tableID == tableID }
            var changes: [RecordChange] = []
            for patch in patches {
                guard let before = stored.first(where: { $0.id == patch.recordID }) else {
                    throw TesseraError(.recordNotFound, "Could not find record \(patch.recordID) in this table")
                }
                let patch = RecordPatch(recordID: patch.recordID, set: ChoiceAdditions.renaming(patch.set, renamed), replace: patch.replace)
                changes.append(RecordChange(before: before, after: patch.applied(to: before, table: schema.table(id: tableID), at: now, by: actorID)))
            }
            let outcome = try await Self.commit(changes, schema: schema, baseID: baseID, actorID: actorID, now: now, transaction)
            return Self.final(patches.map(\.recordID), in: outcome)
        }
    }

    public func upsertRecords(
        _ patches: [[String: JSONValue]], mergeOn: [String], replace: Bool, tableID: String, baseID: String, actorID: String,
        choices: ChoiceAdditions
    ) async throws -> UpsertOutcome {
        if let invalid = mergeOn.first(where: { !TesseraID.isValid($0, .field) }) {
            throw TesseraError.invalidRequest("Invalid field id \(invalid)")
        }
        return try await write { transaction in
            let renamed = try await Self.mergeChoices(choices, tableID: tableID, baseID: baseID, actorID: actorID, transaction)
            let patches = patches.map { ChoiceAdditions.renaming($0, renamed) }
            // The table lock makes concurrent upserts of one key (from any node) take turns,
            // so the second one finds the record the first one created.
            var number = try await Self.lockForNewRecords(tableID: tableID, transaction)
            let schema = try await Self.schema(baseID: baseID, transaction)
            let now = Date(milliseconds: Date().milliseconds)
            // Record ids by merge key: the stored records of the batch's keys, then the batch's own.
            var byKey: [[JSONValue]: Set<String>] = [:]
            var batch: [String: Record] = [:]
            var before: [String: Record] = [:]
            for record in try await Self.recordsMatching(patches, mergeOn: mergeOn, tableID: tableID, transaction) {
                if let key = Self.mergeKey(record.cells, mergeOn) { byKey[key, default: []].insert(record.id) }
                before[record.id] = record
            }
            var order: [String] = []
            var created: [String] = []
            var updated: [String] = []
            var results: [String] = []
            for cells in patches {
                let key = Self.mergeKey(cells, mergeOn)
                let matchedIDs = key.flatMap { byKey[$0] } ?? []
                guard matchedIDs.count <= 1 else {
                    throw TesseraError.invalidRequest(
                        "More than one record matches the fieldsToMergeOn values of a record in this request; an upsert needs them to be unique")
                }
                let record: Record
                if let id = matchedIDs.first, let existing = batch[id] ?? before[id] {
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
                if let key = Self.mergeKey(record.cells, mergeOn) { byKey[key] = [record.id] }
                results.append(record.id)
            }
            let changes = order.map { RecordChange(before: before[$0], after: batch[$0]) }
            let outcome = try await Self.commit(changes, schema: schema, baseID: baseID, actorID: actorID, now: now, transaction)
            return UpsertOutcome(records: Self.final(results, in: outcome), createdRecordIDs: created, updatedRecordIDs: updated)
        }
    }

    /// The merge cells of a patch or record; nil when one is blank or not a scalar, which
    /// matches nothing (as NULL = NULL is not true in SQLite).
    private static func mergeKey(_ cells: [String: JSONValue], _ mergeOn: [String]) -> [JSONValue]? {
        let key = mergeOn.compactMap { cells[$0] }
        return key.count == mergeOn.count && key.allSatisfy(\.isScalar) ? key : nil
    }

    /// The stored records whose merge cells equal those of some patch, in one query: an OR of
    /// containment tests, each answered by the GIN index on `data`; locked for the write.
    private static func recordsMatching(_ patches: [[String: JSONValue]], mergeOn: [String], tableID: String, _ transaction: PostgresTransaction) async throws
        -> [Record]
    {
        var query = PostgresRecordQuery()
        var tests: [String] = []
        for key in Set(patches.compactMap { mergeKey($0, mergeOn) }) {
            let pattern = JSONValue.object(Dictionary(zip(mergeOn, key), uniquingKeysWith: { first, _ in first })).jsonString()
            tests.append("data @> \(query.bind(pattern))::jsonb")
        }
        guard !tests.isEmpty else { return [] }
        let sql = "SELECT \(recordColumns) FROM records WHERE table_id = \(query.bind(tableID)) AND (\(tests.joined(separator: " OR "))) ORDER BY id FOR UPDATE"
        return try await transaction.rows(PostgresQuery(unsafeSQL: sql, binds: query.bindings)).map(record)
    }

    public func deleteRecords(ids: [String], tableID: String, baseID: String, actorID: String) async throws {
        try await write { transaction in
            let existing = try await Self.lockedRecords(ids: Set(ids), transaction).filter { $0.tableID == tableID }
            if let missing = ids.first(where: { id in !existing.contains { $0.id == id } }) {
                throw TesseraError(.recordNotFound, "Could not find record \(missing) in this table")
            }
            let now = Date(milliseconds: Date().milliseconds)
            _ = try await Self.commit(
                existing.map { RecordChange(before: $0, after: nil) }, schema: try await Self.schema(baseID: baseID, transaction),
                baseID: baseID, actorID: actorID, now: now, transaction)
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
        var counts = Dictionary(uniqueKeysWithValues: Set(recordIDs).map { ($0, 0) })
        for row in try await rows("SELECT record_id, COUNT(*) AS n FROM comments WHERE record_id = ANY(\(recordIDs)) GROUP BY record_id") {
            counts[try row.value("record_id")] = try row.value("n", as: Int.self)
        }
        return counts
    }

    public func comments(recordID: String, after offset: Int, limit: Int) async throws -> [Comment] {
        try await rows("SELECT * FROM comments WHERE record_id = \(recordID) ORDER BY created_at DESC, id LIMIT \(limit) OFFSET \(offset)")
            .map(Self.comment)
    }

    public func comment(id: String) async throws -> Comment? {
        try await rows("SELECT * FROM comments WHERE id = \(id)").first.map(Self.comment)
    }

    public func insertComment(_ comment: Comment) async throws {
        try await write { transaction in try await Self.insert(comment, transaction) }
    }

    /// A comment as it is, edit time included (an import keeps it).
    static func insert(_ comment: Comment, _ transaction: PostgresTransaction) async throws {
        try await transaction.execute(
            """
            INSERT INTO comments (id, record_id, author_id, text, created_at, updated_at)
            VALUES (\(comment.id), \(comment.recordID), \(comment.authorID), \(comment.text), \(comment.createdTime.milliseconds),
                    \(comment.lastUpdatedTime?.milliseconds))
            """)
    }

    public func updateComment(id: String, text: String, at time: Date) async throws {
        try await write { transaction in
            try await transaction.execute("UPDATE comments SET text = \(text), updated_at = \(time.milliseconds) WHERE id = \(id)")
        }
    }

    public func deleteComment(id: String) async throws {
        try await write { transaction in try await transaction.execute("DELETE FROM comments WHERE id = \(id)") }
    }

    // MARK: - Rows

    private static let scanChunk = 500

    /// JSONB comes back as text, the form `JSONValue` parses.
    static let recordColumns = "id, table_id, auto_number, data::text AS data, created_at, updated_at, created_by, updated_by, field_times"

    static func record(_ row: PostgresRandomAccessRow) throws -> Record {
        let cells = try JSONValue.parse(row.value("data", as: String.self)).objectValue ?? [:]
        let times = try row.value("field_times", as: String?.self).map { try JSONValue.parse($0).objectValue ?? [:] } ?? [:]
        return Record(
            id: try row.value("id"), tableID: try row.value("table_id"), createdTime: Date(milliseconds: try row.value("created_at")),
            lastModifiedTime: try row.value("updated_at", as: Int64?.self).map(Date.init(milliseconds:)),
            autoNumber: try row.value("auto_number"), cells: cells,
            createdBy: try row.value("created_by"), lastModifiedBy: try row.value("updated_by"),
            fieldModifiedTimes: times.compactMapValues { $0.numberValue.flatMap { Int64(exactly: $0.rounded()) }.map(Date.init(milliseconds:)) })
    }

    private static func comment(_ row: PostgresRandomAccessRow) throws -> Comment {
        Comment(
            id: try row.value("id"), recordID: try row.value("record_id"), authorID: try row.value("author_id"), text: try row.value("text"),
            createdTime: Date(milliseconds: try row.value("created_at")),
            lastUpdatedTime: try row.value("updated_at", as: Int64?.self).map(Date.init(milliseconds:)))
    }

    /// Locks the table's row until the transaction ends, so new records of one table are
    /// numbered (and upserts matched) one transaction at a time, then returns the last number.
    /// The count runs as its own statement: at READ COMMITTED it then sees what the previous
    /// holder of the lock committed.
    static func lockForNewRecords(tableID: String, _ transaction: PostgresTransaction) async throws -> Int {
        guard try await transaction.row("SELECT id FROM tables WHERE id = \(tableID) FOR NO KEY UPDATE") != nil else {
            throw TesseraError(.tableNotFound, "No such table")
        }
        return try await transaction.row("SELECT COALESCE(MAX(auto_number), 0) AS last FROM records WHERE table_id = \(tableID)")?.value("last") ?? 0
    }

}

extension JSONValue {
    /// Strings, numbers and booleans: the values a merge key can match.
    var isScalar: Bool {
        switch self {
        case .string, .number, .bool: true
        default: false
        }
    }
}
