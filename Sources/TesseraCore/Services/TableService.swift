import Foundation

/// Table schemas: reading them, creating and changing tables and fields.
public struct TableService: Sendable {
    private let store: any WorkspaceStore & SchemaStore
    private let gate: AccessGate

    public init(store: any WorkspaceStore & SchemaStore) {
        self.store = store
        gate = AccessGate(store: store)
    }

    public func tables(baseID: String, for principal: Principal) async throws -> [Table] {
        _ = try await gate.base(baseID, for: principal, scope: .schemaRead, level: .read)
        return try await store.tables(baseID: baseID)
    }

    /// Finds a table by id or by exact name in a base the principal may reach with `scope`.
    public func table(_ ref: TableRef, scope: TokenScope, level: PermissionLevel) async throws -> Table {
        _ = try await gate.base(ref.baseID, for: ref.principal, scope: scope, level: level)
        return try await resolve(ref.table, baseID: ref.baseID)
    }

    public func createTable(_ definition: TableDefinition, baseID: String, by principal: Principal) async throws -> Table {
        _ = try await gate.base(baseID, for: principal, scope: .schemaWrite, level: .create)
        let table = try definition.makeTable(baseID: baseID)
        let existing = try await store.tables(baseID: baseID)
        guard !existing.contains(where: { $0.name.lowercased() == table.name.lowercased() }) else {
            throw TesseraError(.duplicateTableName, "A table named \"\(table.name)\" already exists in this base")
        }
        try await store.insertTable(table, actorID: principal.userID)
        return table
    }

    /// A change to the fields a table's search indexes.
    public enum SearchFieldsChange: Sendable, Equatable {
        /// Back to the default: every text-like field.
        case textFields
        /// These fields, by name or id.
        case fields([String])
    }

    public func updateTable(_ ref: TableRef, name: String?, description: String?, searchFields: SearchFieldsChange? = nil) async throws -> Table {
        var table = try await self.table(ref, scope: .schemaWrite, level: .create)
        if let name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw TesseraError.invalidRequest("Table names must not be empty") }
            let others = try await store.tables(baseID: ref.baseID).filter { $0.id != table.id }
            guard !others.contains(where: { $0.name.lowercased() == trimmed.lowercased() }) else {
                throw TesseraError(.duplicateTableName, "A table named \"\(trimmed)\" already exists in this base")
            }
            table.name = trimmed
        }
        if let description { table.description = description }
        switch searchFields {
        case nil: break
        case .textFields: table.searchFieldIDs = nil
        case .fields(let names):
            var ids: [String] = []
            for name in names {
                guard let field = table.field(named: name) else { throw TesseraError.unknownField(name) }
                if !ids.contains(field.id) { ids.append(field.id) }
            }
            table.searchFieldIDs = ids
        }
        try await store.updateTable(table, actorID: ref.principal.userID)
        return table
    }

    public func createField(_ definition: FieldDefinition, in ref: TableRef) async throws -> Field {
        let table = try await self.table(ref, scope: .schemaWrite, level: .create)
        let field = try definition.makeField()
        guard !table.fields.contains(where: { $0.name.lowercased() == field.name.lowercased() }) else {
            throw TesseraError(.duplicateFieldName, "Table \"\(table.name)\" already has a field named \"\(field.name)\"")
        }
        try await store.insertField(field, tableID: table.id, actorID: ref.principal.userID)
        return field
    }

    /// Changes a field's name, description, or (for selects) its choices.
    public func updateField(_ fieldIDOrName: String, in ref: TableRef, name: String?, description: String?, options: JSONValue?) async throws -> Field {
        let table = try await self.table(ref, scope: .schemaWrite, level: .create)
        guard var field = table.field(named: fieldIDOrName) else { throw TesseraError.notFound("No field \"\(fieldIDOrName)\" in table \"\(table.name)\"") }
        if let name {
            let trimmed = try FieldDefinition.validName(name)
            guard !table.fields.contains(where: { $0.id != field.id && $0.name.lowercased() == trimmed.lowercased() }) else {
                throw TesseraError(.duplicateFieldName, "Table \"\(table.name)\" already has a field named \"\(trimmed)\"")
            }
            field.name = trimmed
        }
        if let description { field.description = description }
        if let options, !options.isNull {
            guard field.type == .singleSelect || field.type == .multipleSelects else {
                throw TesseraError.invalidRequest("Only the choices of select fields can be changed; field \"\(field.name)\" is \(field.type.rawValue)")
            }
            field.options = try FieldDefinition.normalizedOptions(options, for: field.type, fieldName: field.name)
        }
        try await store.updateField(field, tableID: table.id, actorID: ref.principal.userID)
        return field
    }

    func resolve(_ idOrName: String, baseID: String) async throws -> Table {
        let tables = try await store.tables(baseID: baseID)
        if let table = tables.first(where: { $0.id == idOrName }) ?? tables.first(where: { $0.name == idOrName }) {
            return table
        }
        throw TesseraError(.tableNotFound, "Could not find table \(idOrName) in base \(baseID)")
    }
}
