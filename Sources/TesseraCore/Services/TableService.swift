import Foundation

/// Table schemas: reading them, creating and changing tables and fields.
public struct TableService: Sendable {
    private let store: any WorkspaceStore & SchemaStore & AuditStore
    private let gate: AccessGate

    public init(store: any WorkspaceStore & SchemaStore & AuditStore) {
        self.store = store
        gate = AccessGate(store: store)
    }

    public func tables(baseID: String, for principal: Principal) async throws -> [Table] {
        _ = try await gate.base(baseID, for: principal, scope: .schemaRead, level: .read)
        return try await store.tables(baseID: baseID)
    }

    /// Finds a table by id or by exact name in a base the principal may reach with `scope`.
    public func table(_ ref: TableRef, scope: TokenScope, level: PermissionLevel) async throws -> Table {
        try await access(ref, scope: scope, level: level).table
    }

    /// The table, and its base as the principal sees it.
    public func access(_ ref: TableRef, scope: TokenScope, level: PermissionLevel) async throws -> (table: Table, base: AccessibleBase) {
        let base = try await gate.base(ref.baseID, for: ref.principal, scope: scope, level: level)
        return (try await resolve(ref.table, baseID: ref.baseID), base)
    }

    public func createTable(_ definition: TableDefinition, baseID: String, by principal: Principal) async throws -> Table {
        let base = try await gate.base(baseID, for: principal, scope: .schemaWrite, level: .create)
        let existing = try await store.tables(baseID: baseID)
        let (table, inverses) = try definition.makeTable(baseID: baseID, schema: BaseSchema(tables: existing))
        guard !existing.contains(where: { $0.name.lowercased() == table.name.lowercased() }) else {
            throw TesseraError(.duplicateTableName, "A table named \"\(table.name)\" already exists in this base")
        }
        var change = SchemaChange(baseID: baseID)
        change.newTables = [table]
        change.newFields = inverses
        try await store.changeSchema(change, actorID: principal.userID)
        try await store.audit(.tableCreated, on: base, by: principal, modelID: table.id, payload: ["name": .string(table.name)])
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
        var (table, base) = try await access(ref, scope: .schemaWrite, level: .create)
        let before = table
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
        try await store.audit(.tableUpdated, on: base, by: ref.principal, modelID: table.id, payload: Self.renamed(from: before.name, to: table.name))
        return table
    }

    /// Adds a field. A link also adds its inverse to the linked table; a derived field (lookup,
    /// rollup, count, formula) gets its value in every record in the same transaction.
    public func createField(_ definition: FieldDefinition, in ref: TableRef) async throws -> Field {
        let (table, base) = try await access(ref, scope: .schemaWrite, level: .create)
        let schema = BaseSchema(tables: try await store.tables(baseID: ref.baseID))
        var field = try definition.makeField(in: FieldContext(schema: schema, table: table))
        guard !table.fields.contains(where: { $0.name.lowercased() == field.name.lowercased() }) else {
            throw TesseraError(.duplicateFieldName, "Table \"\(table.name)\" already has a field named \"\(field.name)\"")
        }
        var change = SchemaChange(baseID: ref.baseID)
        if let inverse = try InverseLink.make(for: &field, in: table, schema: schema) { change.newFields.append(inverse) }
        change.newFields.insert(PlacedField(tableID: table.id, field: field), at: 0)
        var grown = table
        grown.fields.append(field)
        try InverseLink.refuseCycles(in: schema, adding: grown)
        if field.type.isDerived { change.recompute[table.id] = [field.id] }
        try await store.changeSchema(change, actorID: ref.principal.userID)
        try await store.audit(
            .fieldCreated, on: base, by: ref.principal, modelID: field.id,
            payload: ["tableId": .string(table.id), "name": .string(field.name), "type": .string(field.type.rawValue)])
        return field
    }

    /// Changes a field's name or description, a select's choices, or a derived field's
    /// definition (its formula, its rollup's formula, what it looks up); what reads the field is
    /// computed again.
    public func updateField(_ fieldIDOrName: String, in ref: TableRef, name: String?, description: String?, options: JSONValue?) async throws -> Field {
        let (table, base) = try await access(ref, scope: .schemaWrite, level: .create)
        guard var field = table.field(named: fieldIDOrName) else { throw TesseraError.notFound("No field \"\(fieldIDOrName)\" in table \"\(table.name)\"") }
        let before = field
        if let name {
            let trimmed = try FieldDefinition.validName(name)
            guard !table.fields.contains(where: { $0.id != field.id && $0.name.lowercased() == trimmed.lowercased() }) else {
                throw TesseraError(.duplicateFieldName, "Table \"\(table.name)\" already has a field named \"\(trimmed)\"")
            }
            field.name = trimmed
        }
        if let description { field.description = description }
        let schema = BaseSchema(tables: try await store.tables(baseID: ref.baseID))
        var change = SchemaChange(baseID: ref.baseID)
        if let options, !options.isNull {
            switch field.type {
            case .singleSelect, .multipleSelects:
                field.options = try FieldDefinition.normalizedOptions(options, for: field.type, fieldName: field.name)
                // Lookups and formulas show choice names: a renamed choice changes what they hold.
                change.recompute = Self.readers(of: field.id, in: table, schema: schema)
            case .multipleLookupValues, .rollup, .count, .formula:
                field.options = try FieldDefinition.normalizedOptions(
                    options, for: field.type, fieldName: field.name,
                    context: FieldContext(schema: schema, table: table))
                change.recompute[table.id] = [field.id]
            default:
                throw TesseraError.invalidRequest(
                    "The options of field \"\(field.name)\" (\(field.type.rawValue)) cannot be changed; only select choices and derived fields' definitions can"
                )
            }
        }
        var changed = table
        changed.fields = table.fields.map { $0.id == field.id ? field : $0 }
        try InverseLink.refuseCycles(in: schema, adding: changed)
        change.changedFields = [PlacedField(tableID: table.id, field: field)]
        try await store.changeSchema(change, actorID: ref.principal.userID)
        var payload = Self.renamed(from: before.name, to: field.name)
        payload["tableId"] = .string(table.id)
        if field.options != before.options { payload["optionsChanged"] = true }
        try await store.audit(.fieldUpdated, on: base, by: ref.principal, modelID: field.id, payload: payload)
        return field
    }

    // MARK: - Views

    /// Adds a view (Tessera's extension of Airtable's API, which cannot).
    public func createView(_ definition: ViewDefinition, in ref: TableRef) async throws -> View {
        var (table, base) = try await access(ref, scope: .schemaWrite, level: .create)
        guard let name = definition.name else { throw TesseraError.invalidRequest("A view needs a \"name\"") }
        let view = try definition.applied(to: View(id: TesseraID.make(.view), name: name), in: table)
        try Self.checkName(view, in: table)
        table.views.append(view)
        try await store.updateTable(table, actorID: ref.principal.userID)
        try await store.audit(.viewCreated, on: base, by: ref.principal, modelID: view.id, payload: ["tableId": .string(table.id), "name": .string(view.name)])
        return view
    }

    public func updateView(_ viewIDOrName: String, _ definition: ViewDefinition, in ref: TableRef) async throws -> View {
        var (table, base) = try await access(ref, scope: .schemaWrite, level: .create)
        guard let index = table.views.firstIndex(where: { $0.id == viewIDOrName }) ?? table.views.firstIndex(where: { $0.name == viewIDOrName }) else {
            throw TesseraError(.viewNotFound, "Could not find view \"\(viewIDOrName)\" in table \"\(table.name)\"")
        }
        let view = try definition.applied(to: table.views[index], in: table)
        try Self.checkName(view, in: table)
        table.views[index] = view
        try await store.updateTable(table, actorID: ref.principal.userID)
        try await store.audit(.viewUpdated, on: base, by: ref.principal, modelID: view.id, payload: ["tableId": .string(table.id), "name": .string(view.name)])
        return view
    }

    /// Removes a view and answers what it was; a table keeps at least one.
    @discardableResult
    public func deleteView(_ viewIDOrName: String, in ref: TableRef) async throws -> View {
        var (table, base) = try await access(ref, scope: .schemaWrite, level: .create)
        guard let view = table.view(named: viewIDOrName) else {
            throw TesseraError(.viewNotFound, "Could not find view \"\(viewIDOrName)\" in table \"\(table.name)\"")
        }
        guard table.views.count > 1 else { throw TesseraError.invalidRequest("A table keeps at least one view") }
        table.views.removeAll { $0.id == view.id }
        try await store.updateTable(table, actorID: ref.principal.userID)
        try await store.audit(.viewDeleted, on: base, by: ref.principal, modelID: view.id, payload: ["tableId": .string(table.id), "name": .string(view.name)])
        return view
    }

    private static func checkName(_ view: View, in table: Table) throws(TesseraError) {
        guard !table.views.contains(where: { $0.id != view.id && $0.name.lowercased() == view.name.lowercased() }) else {
            throw TesseraError.invalidRequest("Table \"\(table.name)\" already has a view named \"\(view.name)\"")
        }
    }

    /// The audit payload of a rename: the name, and the one before when it changed.
    private static func renamed(from old: String, to new: String) -> [String: JSONValue] {
        old == new ? ["name": .string(new)] : ["name": .string(new), "previousName": .string(old)]
    }

    /// The derived fields that read `fieldID`, in its table and through links in others.
    private static func readers(of fieldID: String, in table: Table, schema: BaseSchema) -> [String: Set<String>] {
        let dependencies = FieldDependencies(schema: schema)
        var readers: [String: Set<String>] = [:]
        let local = dependencies.affected(by: [fieldID], inTable: table.id)
        if !local.isEmpty { readers[table.id] = Set(local) }
        for remote in dependencies.remoteReaders(of: fieldID) { readers[remote.tableID, default: []].insert(remote.fieldID) }
        return readers
    }

    func resolve(_ idOrName: String, baseID: String) async throws -> Table {
        let tables = try await store.tables(baseID: baseID)
        if let table = tables.first(where: { $0.id == idOrName }) ?? tables.first(where: { $0.name == idOrName }) {
            return table
        }
        throw TesseraError(.tableNotFound, "Could not find table \(idOrName) in base \(baseID)")
    }
}
