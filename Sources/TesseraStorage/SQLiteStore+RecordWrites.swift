import Foundation
import GRDB
import TesseraCore

/// Every record write goes through `commit`: link names resolved, the other sides of links and
/// the derived fields that read the change recomputed (`Recalculation`), then every changed
/// record stored with one event each, all in the write's transaction.
extension SQLiteStore {
    static func commit(
        _ changes: [RecordChange], schema: BaseSchema, baseID: String, actorID: String, now: Date,
        _ db: Database
    ) throws -> Recalculation.Outcome {
        let changes = try resolvingLinkNames(changes, schema: schema, actorID: actorID, now: now, db)
        var recalculation = Recalculation(schema: schema, changes: changes, actorID: actorID, now: now)
        while case .load(let ids) = try recalculation.next() {
            recalculation.provide(try records(ids: ids, db), for: ids)
        }
        let outcome = recalculation.outcome
        try persist(outcome, baseID: baseID, actorID: actorID, db)
        return outcome
    }

    static func schema(baseID: String, _ db: Database) throws -> BaseSchema {
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM tables WHERE base_id = ? ORDER BY position"), arguments: [baseID])
        return BaseSchema(tables: try rows.map { try table($0, db) })
    }

    /// Records by id, whatever their table (links only ever name records of their base).
    static func records(ids: Set<String>, _ db: Database) throws -> [Record] {
        var found: [Record] = []
        let ids = Array(ids)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            found += try Row.fetchAll(
                db, sql: "SELECT \(recordColumns) FROM records WHERE id IN (\(placeholders(chunk.count)))",
                arguments: StatementArguments(chunk)
            ).map(record)
        }
        return found
    }

    /// Names written into links with typecast become the ids of the records they name, or of new
    /// records made for them.
    private static func resolvingLinkNames(
        _ changes: [RecordChange], schema: BaseSchema, actorID: String, now: Date,
        _ db: Database
    ) throws -> [RecordChange] {
        let wanted = LinkNames.wanted(in: changes.compactMap(\.after), schema: schema)
        guard !wanted.isEmpty else { return changes }
        var changes = changes
        var ids: [String: [String: String]] = [:]
        for (tableID, names) in wanted.sorted(by: { $0.key < $1.key }) {
            // Field ids reach the SQL text: they are letters and digits, checked here.
            guard let table = schema.table(id: tableID), let primary = table.field(id: table.primaryFieldID),
                TesseraID.isValid(primary.id, .field)
            else { continue }
            var found: [String: String] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT id, json_extract(data, '$.\(primary.id)') AS name FROM records
                    WHERE table_id = ? AND json_extract(data, '$.\(primary.id)') IN (\(placeholders(names.count))) ORDER BY auto_number
                    """, arguments: StatementArguments([tableID] + names.sorted()))
            {
                let name: String = row["name"]
                if found[name] == nil { found[name] = row["id"] }
            }
            var number = max(try lastAutoNumber(tableID, db), changes.compactMap { $0.after?.tableID == tableID ? $0.after?.autoNumber : nil }.max() ?? 0)
            for name in names.sorted() where found[name] == nil {
                number += 1
                let record = try LinkNames.newRecord(named: name, in: table, autoNumber: number, at: now, by: actorID)
                found[name] = record.id
                changes.append(RecordChange(before: nil, after: record))
            }
            ids[tableID] = found
        }
        return changes.map { RecordChange(before: $0.before, after: $0.after.map { LinkNames.resolving($0, schema: schema, ids: ids) }) }
    }

    static func persist(_ outcome: Recalculation.Outcome, baseID: String, actorID: String, _ db: Database) throws {
        var keySets: [String: [MergeKeySet]] = [:]
        func sets(_ tableID: String) throws -> [MergeKeySet] {
            if let known = keySets[tableID] { return known }
            let loaded = try mergeKeySets(tableID: tableID, db)
            keySets[tableID] = loaded
            return loaded
        }
        for record in outcome.deleted {
            try db.execute(sql: "DELETE FROM records WHERE id = ?", arguments: [record.id])
            try appendEvent(.recordDeleted, baseID: baseID, tableID: record.tableID, recordID: record.id, actorID: actorID, db)
        }
        for record in outcome.inserted {
            try db.execute(
                sql: "INSERT INTO records (id, table_id, auto_number, data, created_at, created_by, field_times) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    record.id, record.tableID, record.autoNumber, JSONValue.object(record.cells).jsonString(),
                    record.createdTime.milliseconds, record.createdBy, fieldTimesColumn(record),
                ])
            try indexMergeKeys(of: record, in: try sets(record.tableID), replacing: false, db)
            try appendEvent(.recordCreated, baseID: baseID, tableID: record.tableID, recordID: record.id, actorID: actorID, db)
        }
        for record in outcome.updated {
            try db.execute(
                sql: "UPDATE records SET data = ?, updated_at = ?, updated_by = ?, field_times = ? WHERE id = ?",
                arguments: [
                    JSONValue.object(record.cells).jsonString(), record.lastModifiedTime?.milliseconds, record.lastModifiedBy,
                    fieldTimesColumn(record), record.id,
                ])
            try indexMergeKeys(of: record, in: try sets(record.tableID), replacing: true, db)
            try appendEvent(.recordUpdated, baseID: baseID, tableID: record.tableID, recordID: record.id, actorID: actorID, db)
        }
    }

    /// Field id → milliseconds, or nil when no field has a time of its own.
    static func fieldTimesColumn(_ record: Record) -> String? {
        guard !record.fieldModifiedTimes.isEmpty else { return nil }
        return JSONValue.object(record.fieldModifiedTimes.mapValues { .number(Double($0.milliseconds)) }).jsonString()
    }
}
