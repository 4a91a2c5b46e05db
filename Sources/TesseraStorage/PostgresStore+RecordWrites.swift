import Foundation
import PostgresNIO
import TesseraCore

/// Every record write goes through `commit`, as in SQLite: link names resolved, the other sides
/// of links and the derived fields that read the change recomputed (`Recalculation`), then every
/// changed record stored with one event each, all in the write's transaction. Records the
/// recalculation reads are locked, so concurrent writes on several nodes recompute in turn.
extension PostgresStore {
    static func commit(
        _ changes: [RecordChange], schema: BaseSchema, baseID: String, actorID: String, now: Date,
        _ transaction: PostgresTransaction
    ) async throws -> Recalculation.Outcome {
        let changes = try await resolvingLinkNames(changes, schema: schema, actorID: actorID, now: now, transaction)
        var recalculation = Recalculation(schema: schema, changes: changes, actorID: actorID, now: now)
        while case .load(let ids) = try recalculation.next() {
            recalculation.provide(try await lockedRecords(ids: ids, transaction), for: ids)
        }
        let outcome = recalculation.outcome
        try await persist(outcome, baseID: baseID, actorID: actorID, transaction)
        return outcome
    }

    /// The base's tables as this transaction sees them.
    static func schema(baseID: String, _ transaction: PostgresTransaction) async throws -> BaseSchema {
        let tableRows = try await transaction.rows("SELECT * FROM tables WHERE base_id = \(baseID) ORDER BY position")
        let fieldRows = try await transaction.rows(
            """
            SELECT f.* FROM fields f JOIN tables t ON t.id = f.table_id WHERE t.base_id = \(baseID) ORDER BY f.table_id, f.position
            """)
        var fieldsByTable: [String: [Field]] = [:]
        for row in fieldRows { fieldsByTable[try row.value("table_id"), default: []].append(try field(row)) }
        return BaseSchema(tables: try tableRows.map { row in try table(row, fields: fieldsByTable[try row.value("id")] ?? []) })
    }

    /// Records by id, locked until the transaction ends (in id order, so writers never wait on each other in a circle).
    static func lockedRecords(ids: Set<String>, _ transaction: PostgresTransaction) async throws -> [Record] {
        guard !ids.isEmpty else { return [] }
        return try await transaction.rows("SELECT \(unescaped: recordColumns) FROM records WHERE id = ANY(\(Array(ids))) ORDER BY id FOR UPDATE")
            .map(record)
    }

    private static func resolvingLinkNames(
        _ changes: [RecordChange], schema: BaseSchema, actorID: String, now: Date,
        _ transaction: PostgresTransaction
    ) async throws -> [RecordChange] {
        let wanted = LinkNames.wanted(in: changes.compactMap(\.after), schema: schema)
        guard !wanted.isEmpty else { return changes }
        var changes = changes
        var ids: [String: [String: String]] = [:]
        for (tableID, names) in wanted.sorted(by: { $0.key < $1.key }) {
            guard let table = schema.table(id: tableID), let primary = table.field(id: table.primaryFieldID) else { continue }
            var found: [String: String] = [:]
            for row in try await transaction.rows(
                """
                SELECT id, data ->> \(primary.id) AS name FROM records
                WHERE table_id = \(tableID) AND data ->> \(primary.id) = ANY(\(names.sorted())) ORDER BY auto_number
                """)
            {
                let name: String = try row.value("name")
                if found[name] == nil { found[name] = try row.value("id") }
            }
            let stored = try await lockForNewRecords(tableID: tableID, transaction)
            var number = max(stored, changes.compactMap { $0.after?.tableID == tableID ? $0.after?.autoNumber : nil }.max() ?? 0)
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

    static func persist(_ outcome: Recalculation.Outcome, baseID: String, actorID: String, _ transaction: PostgresTransaction) async throws {
        if !outcome.deleted.isEmpty {
            try await transaction.execute("DELETE FROM records WHERE id = ANY(\(outcome.deleted.map(\.id)))")
        }
        if !outcome.inserted.isEmpty {
            let records = outcome.inserted
            try await transaction.execute(
                """
                INSERT INTO records (id, table_id, auto_number, data, created_at, created_by, field_times)
                SELECT id, table_id, auto_number, data::jsonb, created_at, NULLIF(created_by, ''), NULLIF(field_times, '')
                FROM unnest(\(records.map(\.id)), \(records.map(\.tableID)), \(records.map(\.autoNumber)),
                            \(records.map { JSONValue.object($0.cells).jsonString() }), \(records.map(\.createdTime.milliseconds)),
                            \(records.map { $0.createdBy ?? "" }), \(records.map { fieldTimesColumn($0) ?? "" }))
                    AS r(id, table_id, auto_number, data, created_at, created_by, field_times)
                """)
        }
        if !outcome.updated.isEmpty {
            let records = outcome.updated
            try await transaction.execute(
                """
                UPDATE records SET data = u.data::jsonb, updated_at = NULLIF(u.updated_at, -1), updated_by = NULLIF(u.updated_by, ''),
                    field_times = NULLIF(u.field_times, '')
                FROM unnest(\(records.map(\.id)), \(records.map { JSONValue.object($0.cells).jsonString() }),
                            \(records.map { $0.lastModifiedTime?.milliseconds ?? -1 }), \(records.map { $0.lastModifiedBy ?? "" }),
                            \(records.map { fieldTimesColumn($0) ?? "" }))
                    AS u(id, data, updated_at, updated_by, field_times)
                WHERE records.id = u.id
                """)
        }
        // Arrays cannot carry NULL elements here, so absent values travel as "" or -1.
        for record in outcome.deleted {
            transaction.appendEvent(.recordDeleted, baseID: baseID, tableID: record.tableID, recordID: record.id, actorID: actorID)
        }
        for record in outcome.inserted {
            transaction.appendEvent(.recordCreated, baseID: baseID, tableID: record.tableID, recordID: record.id, actorID: actorID)
        }
        for record in outcome.updated {
            transaction.appendEvent(.recordUpdated, baseID: baseID, tableID: record.tableID, recordID: record.id, actorID: actorID)
        }
    }

    /// Field id → milliseconds, or nil when no field has a time of its own.
    private static func fieldTimesColumn(_ record: Record) -> String? {
        guard !record.fieldModifiedTimes.isEmpty else { return nil }
        return JSONValue.object(record.fieldModifiedTimes.mapValues { .number(Double($0.milliseconds)) }).jsonString()
    }
}
