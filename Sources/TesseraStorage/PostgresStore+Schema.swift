import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: SchemaStore {
    public func tables(baseID: String) async throws -> [TesseraCore.Table] {
        // One snapshot, so a table never appears with fields from a later change.
        try await snapshot { transaction in
            let tableRows = try await transaction.rows("SELECT * FROM tables WHERE base_id = \(baseID) ORDER BY position")
            let fieldRows = try await transaction.rows("""
                SELECT f.* FROM fields f JOIN tables t ON t.id = f.table_id WHERE t.base_id = \(baseID) ORDER BY f.table_id, f.position
                """)
            var fieldsByTable: [String: [Field]] = [:]
            for row in fieldRows {
                fieldsByTable[try row.value("table_id"), default: []].append(try Self.field(row))
            }
            return try tableRows.map { row in try Self.table(row, fields: fieldsByTable[try row.value("id")] ?? []) }
        }
    }

    public func insertTable(_ table: TesseraCore.Table, actorID: String) async throws {
        try await write { transaction in
            try await Self.insert(table, transaction)
            transaction.appendEvent(.tableCreated, baseID: table.baseID, tableID: table.id, recordID: nil, actorID: actorID)
        }
    }

    public func updateTable(_ table: TesseraCore.Table, actorID: String) async throws {
        try await write { transaction in
            guard let row = try await transaction.row("""
                UPDATE tables SET name = \(table.name), description = \(table.description), search_fields = \(Self.searchFieldsColumn(table))
                WHERE id = \(table.id) RETURNING base_id
                """) else {
                throw TesseraError.notFound("No such table")
            }
            transaction.appendEvent(.tableUpdated, baseID: try row.value("base_id"), tableID: table.id, recordID: nil, actorID: actorID)
        }
    }

    public func insertField(_ field: Field, tableID: String, actorID: String) async throws {
        do {
            try await write { transaction in
                // Locking the table's row numbers concurrent new fields one after the other.
                guard let row = try await transaction.row("SELECT base_id FROM tables WHERE id = \(tableID) FOR NO KEY UPDATE") else {
                    throw TesseraError(.tableNotFound, "No such table")
                }
                let position: Int = try await transaction.row("SELECT COALESCE(MAX(position), -1) + 1 AS next FROM fields WHERE table_id = \(tableID)")?
                    .value("next") ?? 0
                try await Self.insert(field, tableID: tableID, position: position, transaction)
                transaction.appendEvent(.fieldCreated, baseID: try row.value("base_id"), tableID: tableID, recordID: nil, actorID: actorID)
            }
        } catch let error as TesseraError where error.kind == .conflict {
            throw TesseraError(.duplicateFieldName, "The table already has a field named \"\(field.name)\"")
        }
    }

    public func updateField(_ field: Field, tableID: String, actorID: String) async throws {
        do {
            try await write { transaction in
                guard let table = try await transaction.row("SELECT base_id FROM tables WHERE id = \(tableID)") else {
                    throw TesseraError(.tableNotFound, "No such table")
                }
                guard try await transaction.row("""
                    UPDATE fields SET name = \(field.name), description = \(field.description), options = \(field.options?.jsonString())
                    WHERE id = \(field.id) AND table_id = \(tableID) RETURNING id
                    """) != nil else {
                    throw TesseraError.notFound("No such field")
                }
                transaction.appendEvent(.fieldUpdated, baseID: try table.value("base_id"), tableID: tableID, recordID: nil, actorID: actorID)
            }
        } catch let error as TesseraError where error.kind == .conflict {
            throw TesseraError(.duplicateFieldName, "The table already has a field named \"\(field.name)\"")
        }
    }

    /// Takes the base's row lock, so tables added to one base at once get distinct positions.
    static func insert(_ table: Table, _ transaction: PostgresTransaction) async throws {
        guard try await transaction.row("SELECT id FROM bases WHERE id = \(table.baseID) FOR NO KEY UPDATE") != nil else {
            throw TesseraError.notFound("No such base")
        }
        let position: Int = try await transaction.row("SELECT COALESCE(MAX(position), -1) + 1 AS next FROM tables WHERE base_id = \(table.baseID)")?
            .value("next") ?? 0
        let views = JSONValue.array(table.views.map { view -> JSONValue in
            ["id": .string(view.id), "name": .string(view.name), "type": .string(view.type)]
        }).jsonString()
        try await transaction.execute("""
            INSERT INTO tables (id, base_id, position, name, description, primary_field_id, views, search_fields)
            VALUES (\(table.id), \(table.baseID), \(position), \(table.name), \(table.description), \(table.primaryFieldID), \(views), \(searchFieldsColumn(table)))
            """)
        for (index, field) in table.fields.enumerated() {
            try await insert(field, tableID: table.id, position: index, transaction)
        }
    }

    private static func insert(_ field: Field, tableID: String, position: Int, _ transaction: PostgresTransaction) async throws {
        try await transaction.execute("""
            INSERT INTO fields (id, table_id, position, name, type, description, options)
            VALUES (\(field.id), \(tableID), \(position), \(field.name), \(field.type.rawValue), \(field.description), \(field.options?.jsonString()))
            """)
    }

    private static func field(_ row: PostgresRandomAccessRow) throws -> Field {
        Field(id: try row.value("id"), name: try row.value("name"), type: FieldType(rawValue: try row.value("type")) ?? .singleLineText,
              description: try row.value("description"), options: try row.value("options", as: String?.self).map(JSONValue.parse))
    }

    private static func table(_ row: PostgresRandomAccessRow, fields: [Field]) throws -> Table {
        let views = try JSONValue.parse(row.value("views", as: String.self)).arrayValue?.compactMap { view -> View? in
            guard let id = view["id"]?.stringValue, let name = view["name"]?.stringValue else { return nil }
            return View(id: id, name: name, type: view["type"]?.stringValue ?? "grid")
        } ?? []
        let searchFieldIDs = try row.value("search_fields", as: String?.self).map { try JSONValue.parse($0).arrayValue?.compactMap(\.stringValue) ?? [] }
        return Table(id: try row.value("id"), baseID: try row.value("base_id"), name: try row.value("name"), description: try row.value("description"),
                     primaryFieldID: try row.value("primary_field_id"), fields: fields, views: views, searchFieldIDs: searchFieldIDs)
    }

    private static func searchFieldsColumn(_ table: Table) -> String? {
        table.searchFieldIDs.map { JSONValue.array($0.map(JSONValue.string)).jsonString() }
    }
}
