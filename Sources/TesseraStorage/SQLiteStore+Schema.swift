import Foundation
import GRDB
import TesseraCore

extension SQLiteStore: SchemaStore {
    public func tables(baseID: String) async throws -> [TesseraCore.Table] {
        try lookup { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM tables WHERE base_id = ? ORDER BY position"), arguments: [baseID])
            return try rows.map { try Self.table($0, db) }
        }
    }

    public func updateTable(_ table: TesseraCore.Table, actorID: String) async throws {
        try await write { db in
            guard let baseID = try String.fetchOne(db.cachedStatement(sql: "SELECT base_id FROM tables WHERE id = ?"), arguments: [table.id]) else {
                throw TesseraError.notFound("No such table")
            }
            try db.execute(
                sql: "UPDATE tables SET name = ?, description = ?, search_fields = ?, views = ? WHERE id = ?",
                arguments: [
                    table.name, table.description, Self.searchFieldsColumn(table),
                    JSONValue.array(table.views.map(\.json)).jsonString(), table.id,
                ])
            try Self.appendEvent(.tableUpdated, baseID: baseID, tableID: table.id, recordID: nil, actorID: actorID, db)
        }
    }

    public func changeSchema(_ change: SchemaChange, actorID: String) async throws {
        do {
            try await write { db in
                for table in change.newTables {
                    try Self.insert(table, db)
                    try Self.appendEvent(.tableCreated, baseID: change.baseID, tableID: table.id, recordID: nil, actorID: actorID, db)
                }
                for placed in change.newFields {
                    let position =
                        try Int.fetchOne(
                            db.cachedStatement(sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM fields WHERE table_id = ?"),
                            arguments: [placed.tableID]) ?? 0
                    try Self.insert(placed.field, tableID: placed.tableID, position: position, db)
                    try Self.appendEvent(.fieldCreated, baseID: change.baseID, tableID: placed.tableID, recordID: nil, actorID: actorID, db)
                }
                for placed in change.changedFields {
                    try db.execute(
                        sql: "UPDATE fields SET name = ?, description = ?, options = ? WHERE id = ? AND table_id = ?",
                        arguments: [placed.field.name, placed.field.description, placed.field.options?.jsonString(), placed.field.id, placed.tableID])
                    guard db.changesCount == 1 else { throw TesseraError.notFound("No such field") }
                    try SQLiteSortIndex.drop(tableID: placed.tableID, fieldID: placed.field.id, db)
                    try Self.appendEvent(.fieldUpdated, baseID: change.baseID, tableID: placed.tableID, recordID: nil, actorID: actorID, db)
                }
                try Self.recompute(change.recompute, baseID: change.baseID, actorID: actorID, db)
            }
        } catch let error as TesseraError where error.kind == .conflict {
            throw TesseraError(.duplicateFieldName, "The table already has a field of that name")
        }
    }

    /// Derived fields every record of their table computes again, and what reads them after.
    private static func recompute(_ fields: [String: Set<String>], baseID: String, actorID: String, _ db: Database) throws {
        guard !fields.isEmpty else { return }
        var stale: [(record: Record, fields: Set<String>)] = []
        for (tableID, fieldIDs) in fields.sorted(by: { $0.key < $1.key }) {
            let rows = try Row.fetchCursor(db, sql: "SELECT \(recordColumns) FROM records WHERE table_id = ?", arguments: [tableID])
            while let row = try rows.next() { stale.append((try record(row), fieldIDs)) }
        }
        let now = Date(milliseconds: Date().milliseconds)
        var recalculation = Recalculation(schema: try schema(baseID: baseID, db), recomputing: stale, actorID: actorID, now: now)
        while case .load(let ids) = try recalculation.next() {
            recalculation.provide(try records(ids: ids, db), for: ids)
        }
        try persist(recalculation.outcome, baseID: baseID, actorID: actorID, db)
    }

    static func insert(_ table: Table, _ db: Database) throws {
        let position =
            try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM tables WHERE base_id = ?"), arguments: [table.baseID]) ?? 0
        let views = JSONValue.array(table.views.map(\.json)).jsonString()
        try db.execute(
            sql: "INSERT INTO tables (id, base_id, position, name, description, primary_field_id, views, search_fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [table.id, table.baseID, position, table.name, table.description, table.primaryFieldID, views, searchFieldsColumn(table)])
        for (index, field) in table.fields.enumerated() {
            try insert(field, tableID: table.id, position: index, db)
        }
    }

    private static func insert(_ field: Field, tableID: String, position: Int, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO fields (id, table_id, position, name, type, description, options) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [field.id, tableID, position, field.name, field.type.rawValue, field.description, field.options?.jsonString()])
    }

    static func baseID(ofTable tableID: String, _ db: Database) throws -> String {
        guard let baseID = try String.fetchOne(db.cachedStatement(sql: "SELECT base_id FROM tables WHERE id = ?"), arguments: [tableID]) else {
            throw TesseraError(.tableNotFound, "No such table")
        }
        return baseID
    }

    static func table(_ row: Row, _ db: Database) throws -> Table {
        let fieldRows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM fields WHERE table_id = ? ORDER BY position"), arguments: [row["id"] as String])
        let fields = try fieldRows.map { fieldRow in
            Field(
                id: fieldRow["id"], name: fieldRow["name"], type: FieldType(rawValue: fieldRow["type"]) ?? .singleLineText,
                description: fieldRow["description"], options: try (fieldRow["options"] as String?).map(JSONValue.parse))
        }
        let views = try JSONValue.parse(row["views"] as String).arrayValue?.compactMap(View.init(json:)) ?? []
        let searchFieldIDs = try (row["search_fields"] as String?).map { try JSONValue.parse($0).arrayValue?.compactMap(\.stringValue) ?? [] }
        return Table(
            id: row["id"], baseID: row["base_id"], name: row["name"], description: row["description"],
            primaryFieldID: row["primary_field_id"], fields: fields, views: views, searchFieldIDs: searchFieldIDs)
    }

    private static func searchFieldsColumn(_ table: Table) -> String? {
        table.searchFieldIDs.map { JSONValue.array($0.map(JSONValue.string)).jsonString() }
    }
}
