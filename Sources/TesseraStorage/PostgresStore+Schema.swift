import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: SchemaStore {
    public func tables(baseID: String) async throws -> [TesseraCore.Table] {
        // One snapshot, so a table never appears with fields from a later change.
        try await snapshot { transaction in
            let tableRows = try await transaction.rows("SELECT * FROM tables WHERE base_id = \(baseID) ORDER BY position")
            let fieldRows = try await transaction.rows(
                """
                SELECT f.* FROM fields f JOIN tables t ON t.id = f.table_id WHERE t.base_id = \(baseID) ORDER BY f.table_id, f.position
                """)
            var fieldsByTable: [String: [Field]] = [:]
            for row in fieldRows {
                fieldsByTable[try row.value("table_id"), default: []].append(try Self.field(row))
            }
            return try tableRows.map { row in try Self.table(row, fields: fieldsByTable[try row.value("id")] ?? []) }
        }
    }

    public func updateTable(_ table: TesseraCore.Table, actorID: String) async throws {
        try await write { transaction in
            guard
                let row = try await transaction.row(
                    """
                    UPDATE tables SET name = \(table.name), description = \(table.description), search_fields = \(Self.searchFieldsColumn(table)),
                        views = \(JSONValue.array(table.views.map(\.json)).jsonString())
                    WHERE id = \(table.id) RETURNING base_id
                    """)
            else {
                throw TesseraError.notFound("No such table")
            }
            transaction.appendEvent(.tableUpdated, baseID: try row.value("base_id"), tableID: table.id, recordID: nil, actorID: actorID)
        }
    }

    public func changeSchema(_ change: SchemaChange, actorID: String) async throws {
        do {
            try await write { transaction in
                for table in change.newTables {
                    try await Self.insert(table, transaction)
                    transaction.appendEvent(.tableCreated, baseID: change.baseID, tableID: table.id, recordID: nil, actorID: actorID)
                }
                for placed in change.newFields {
                    // Locking the table's row numbers concurrent new fields one after the other.
                    guard try await transaction.row("SELECT id FROM tables WHERE id = \(placed.tableID) FOR NO KEY UPDATE") != nil else {
                        throw TesseraError(.tableNotFound, "No such table")
                    }
                    let position: Int =
                        try await transaction.row("SELECT COALESCE(MAX(position), -1) + 1 AS next FROM fields WHERE table_id = \(placed.tableID)")?
                        .value("next") ?? 0
                    try await Self.insert(placed.field, tableID: placed.tableID, position: position, transaction)
                    transaction.appendEvent(.fieldCreated, baseID: change.baseID, tableID: placed.tableID, recordID: nil, actorID: actorID)
                }
                for placed in change.changedFields {
                    guard
                        try await transaction.row(
                            """
                            UPDATE fields SET name = \(placed.field.name), description = \(placed.field.description), options = \(placed.field.options?.jsonString())
                            WHERE id = \(placed.field.id) AND table_id = \(placed.tableID) RETURNING id
                            """) != nil
                    else {
                        throw TesseraError.notFound("No such field")
                    }
                    transaction.appendEvent(.fieldUpdated, baseID: change.baseID, tableID: placed.tableID, recordID: nil, actorID: actorID)
                }
                try await Self.recompute(change.recompute, baseID: change.baseID, actorID: actorID, transaction)
            }
        } catch let error as TesseraError where error.kind == .conflict {
            throw TesseraError(.duplicateFieldName, "The table already has a field of that name")
        }
    }

    /// Derived fields every record of their table computes again, and what reads them after.
    private static func recompute(_ fields: [String: Set<String>], baseID: String, actorID: String, _ transaction: PostgresTransaction) async throws {
        guard !fields.isEmpty else { return }
        var stale: [(record: Record, fields: Set<String>)] = []
        for (tableID, fieldIDs) in fields.sorted(by: { $0.key < $1.key }) {
            for row in try await transaction.rows("SELECT \(unescaped: recordColumns) FROM records WHERE table_id = \(tableID) ORDER BY id FOR UPDATE") {
                stale.append((try record(row), fieldIDs))
            }
        }
        let now = Date(milliseconds: Date().milliseconds)
        var recalculation = Recalculation(schema: try await schema(baseID: baseID, transaction), recomputing: stale, actorID: actorID, now: now)
        while case .load(let ids) = try recalculation.next() {
            recalculation.provide(try await lockedRecords(ids: ids, transaction), for: ids)
        }
        try await persist(recalculation.outcome, baseID: baseID, actorID: actorID, transaction)
    }

    /// Takes the base's row lock, so tables added to one base at once get distinct positions.
    static func insert(_ table: Table, _ transaction: PostgresTransaction) async throws {
        guard try await transaction.row("SELECT id FROM bases WHERE id = \(table.baseID) FOR NO KEY UPDATE") != nil else {
            throw TesseraError.notFound("No such base")
        }
        let position: Int =
            try await transaction.row("SELECT COALESCE(MAX(position), -1) + 1 AS next FROM tables WHERE base_id = \(table.baseID)")?
            .value("next") ?? 0
        let views = JSONValue.array(table.views.map(\.json)).jsonString()
        try await transaction.execute(
            """
            INSERT INTO tables (id, base_id, position, name, description, primary_field_id, views, search_fields)
            VALUES (\(table.id), \(table.baseID), \(position), \(table.name), \(table.description), \(table.primaryFieldID), \(views), \(searchFieldsColumn(table)))
            """)
        for (index, field) in table.fields.enumerated() {
            try await insert(field, tableID: table.id, position: index, transaction)
        }
    }

    private static func insert(_ field: Field, tableID: String, position: Int, _ transaction: PostgresTransaction) async throws {
        try await transaction.execute(
            """
            INSERT INTO fields (id, table_id, position, name, type, description, options)
            VALUES (\(field.id), \(tableID), \(position), \(field.name), \(field.type.rawValue), \(field.description), \(field.options?.jsonString()))
            """)
    }

    static func field(_ row: PostgresRandomAccessRow) throws -> Field {
        Field(
            id: try row.value("id"), name: try row.value("name"), type: FieldType(rawValue: try row.value("type")) ?? .singleLineText,
            description: try row.value("description"), options: try row.value("options", as: String?.self).map(JSONValue.parse))
    }

    static func table(_ row: PostgresRandomAccessRow, fields: [Field]) throws -> Table {
        let views = try JSONValue.parse(row.value("views", as: String.self)).arrayValue?.compactMap(View.init(json:)) ?? []
        let searchFieldIDs = try row.value("search_fields", as: String?.self).map { try JSONValue.parse($0).arrayValue?.compactMap(\.stringValue) ?? [] }
        return Table(
            id: try row.value("id"), baseID: try row.value("base_id"), name: try row.value("name"), description: try row.value("description"),
            primaryFieldID: try row.value("primary_field_id"), fields: fields, views: views, searchFieldIDs: searchFieldIDs)
    }

    private static func searchFieldsColumn(_ table: Table) -> String? {
        table.searchFieldIDs.map { JSONValue.array($0.map(JSONValue.string)).jsonString() }
    }
}
