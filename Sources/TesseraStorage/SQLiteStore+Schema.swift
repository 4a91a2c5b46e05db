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

    public func insertTable(_ table: TesseraCore.Table, actorID: String) async throws {
        try await write { db in
            try Self.insert(table, db)
            try Self.appendEvent(.tableCreated, baseID: table.baseID, tableID: table.id, recordID: nil, actorID: actorID, db)
        }
    }

    public func updateTable(_ table: TesseraCore.Table, actorID: String) async throws {
        try await write { db in
            guard let baseID = try String.fetchOne(db.cachedStatement(sql: "SELECT base_id FROM tables WHERE id = ?"), arguments: [table.id]) else {
                throw TesseraError.notFound("No such table")
            }
            try db.execute(sql: "UPDATE tables SET name = ?, description = ?, search_fields = ? WHERE id = ?",
                           arguments: [table.name, table.description, Self.searchFieldsColumn(table), table.id])
            try Self.appendEvent(.tableUpdated, baseID: baseID, tableID: table.id, recordID: nil, actorID: actorID, db)
        }
    }

    public func insertField(_ field: Field, tableID: String, actorID: String) async throws {
        do {
            try await write { db in
                let baseID = try Self.baseID(ofTable: tableID, db)
                let position = try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM fields WHERE table_id = ?"), arguments: [tableID]) ?? 0
                try Self.insert(field, tableID: tableID, position: position, db)
                try Self.appendEvent(.fieldCreated, baseID: baseID, tableID: tableID, recordID: nil, actorID: actorID, db)
            }
        } catch let error as TesseraError where error.kind == .conflict {
            throw TesseraError(.duplicateFieldName, "The table already has a field named \"\(field.name)\"")
        }
    }

    public func updateField(_ field: Field, tableID: String, actorID: String) async throws {
        do {
            try await write { db in
                let baseID = try Self.baseID(ofTable: tableID, db)
                try db.execute(
                    sql: "UPDATE fields SET name = ?, description = ?, options = ? WHERE id = ? AND table_id = ?",
                    arguments: [field.name, field.description, field.options?.jsonString(), field.id, tableID])
                guard db.changesCount == 1 else { throw TesseraError.notFound("No such field") }
                try Self.appendEvent(.fieldUpdated, baseID: baseID, tableID: tableID, recordID: nil, actorID: actorID, db)
            }
        } catch let error as TesseraError where error.kind == .conflict {
            throw TesseraError(.duplicateFieldName, "The table already has a field named \"\(field.name)\"")
        }
    }

    static func insert(_ table: Table, _ db: Database) throws {
        let position = try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM tables WHERE base_id = ?"), arguments: [table.baseID]) ?? 0
        let views = JSONValue.array(table.views.map { view -> JSONValue in
            ["id": .string(view.id), "name": .string(view.name), "type": .string(view.type)]
        }).jsonString()
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

    private static func table(_ row: Row, _ db: Database) throws -> Table {
        let fieldRows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM fields WHERE table_id = ? ORDER BY position"), arguments: [row["id"] as String])
        let fields = try fieldRows.map { fieldRow in
            Field(
                id: fieldRow["id"], name: fieldRow["name"], type: FieldType(rawValue: fieldRow["type"]) ?? .singleLineText,
                description: fieldRow["description"], options: try (fieldRow["options"] as String?).map(JSONValue.parse))
        }
        let views = try JSONValue.parse(row["views"] as String).arrayValue?.compactMap { view -> View? in
            guard let id = view["id"]?.stringValue, let name = view["name"]?.stringValue else { return nil }
            return View(id: id, name: name, type: view["type"]?.stringValue ?? "grid")
        } ?? []
        let searchFieldIDs = try (row["search_fields"] as String?).map { try JSONValue.parse($0).arrayValue?.compactMap(\.stringValue) ?? [] }
        return Table(id: row["id"], baseID: row["base_id"], name: row["name"], description: row["description"],
                     primaryFieldID: row["primary_field_id"], fields: fields, views: views, searchFieldIDs: searchFieldIDs)
    }

    private static func searchFieldsColumn(_ table: Table) -> String? {
        table.searchFieldIDs.map { JSONValue.array($0.map(JSONValue.string)).jsonString() }
    }
}
