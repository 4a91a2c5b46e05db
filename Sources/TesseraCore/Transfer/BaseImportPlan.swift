import Foundation

/// What importing a `BaseDocument` writes: the same base under new ids for the base, tables,
/// fields, views, records and comments, with every reference among them remapped (links and
/// their inverses, lookups, rollups, counts, formulas, view filters, sorts and field lists,
/// link cells). Everything is checked here, before anything is written: a document that
/// names something it does not hold is refused whole.
public struct BaseImportPlan: Sendable {
    public let base: Base
    public let tables: [Table]
    /// Writable cells only; the store computes the derived ones.
    public let records: [Record]
    public let comments: [Comment]
    /// Document id → new id, for every table, field, view, record and comment.
    public let newIDs: [String: String]

    /// - Parameters:
    ///   - users: the document's user ids → users of this deployment (comment authors, record
    ///     creators, collaborators); anyone absent becomes `actorID` (authors and creators) or
    ///     is refused (collaborator cells, which must name members of the workspace).
    ///   - members: who collaborator cells may name.
    public init(
        _ document: BaseDocument, name: String? = nil, workspaceID: String, actorID: String, users: [String: String] = [:],
        members: CollaboratorDirectory = CollaboratorDirectory(members: []), now: Date = Date()
    ) throws(TesseraError) {
        var ids = IDMap()
        for entry in document.tables {
            try ids.assign(entry.table.id, .table, "table")
            for field in entry.table.fields { try ids.assign(field.id, .field, "field") }
            for view in entry.table.views { try ids.assign(view.id, .view, "view") }
            for record in entry.records {
                try ids.assign(record.id, .record, "record")
                for comment in record.comments { try ids.assign(comment.id, .comment, "comment") }
            }
        }
        let baseName = (name ?? document.name).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !baseName.isEmpty else { throw .invalidRequest("A base needs a name") }
        guard !document.tables.isEmpty else { throw Self.invalid("the base has no tables") }
        let base = Base(id: TesseraID.make(.base), workspaceID: workspaceID, name: baseName, createdTime: now)

        let tables = try Self.tables(document, baseID: base.id, ids: ids)
        let schema = BaseSchema(tables: tables)
        if let cycle = FieldDependencies.cycle(in: schema) {
            throw Self.invalid("these fields read each other in a circle: \(cycle.joined(separator: " → "))")
        }

        var records: [Record] = []
        var comments: [Comment] = []
        let cells = CellMapping(document: document, ids: ids, users: users, codec: CellCodec(typecast: false, collaborators: members))
        for (entry, table) in zip(document.tables, tables) {
            var numbers = Set<Int>()
            for record in entry.records.sorted(by: { $0.autoNumber < $1.autoNumber }) {
                guard record.autoNumber >= 1, numbers.insert(record.autoNumber).inserted else {
                    throw Self.invalid(
                        "record \(record.id) of table \"\(table.name)\" has autoNumber \(record.autoNumber), which is not positive or not unique")
                }
                records.append(
                    Record(
                        id: ids[record.id], tableID: table.id, createdTime: record.createdTime, lastModifiedTime: nil, autoNumber: record.autoNumber,
                        cells: try cells.cells(of: record, in: entry.table, as: table), createdBy: record.createdBy.flatMap { users[$0] } ?? actorID))
                for comment in record.comments {
                    let text = comment.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !text.isEmpty, text.count <= 100_000 else { throw Self.invalid("comment \(comment.id) is empty or longer than 100,000 characters") }
                    comments.append(
                        Comment(
                            id: ids[comment.id], recordID: ids[record.id], authorID: users[comment.author.id] ?? actorID, text: text,
                            createdTime: comment.createdTime, lastUpdatedTime: comment.lastUpdatedTime))
                }
            }
        }
        self.base = base
        self.tables = tables
        self.records = records
        self.comments = comments
        newIDs = ids.map
    }

    // MARK: - Schema

    private static func tables(_ document: BaseDocument, baseID: String, ids: IDMap) throws(TesseraError) -> [Table] {
        var names = Set<String>()
        var tables: [Table] = []
        // First every table with its fields renamed to new ids and their plain options checked …
        for entry in document.tables {
            let old = entry.table
            let name = old.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, names.insert(name.lowercased()).inserted else {
                throw invalid("table name \"\(old.name)\" is empty or used twice")
            }
            guard !old.fields.isEmpty else { throw invalid("table \"\(name)\" has no fields") }
            guard old.fields.first?.id == old.primaryFieldID else {
                throw invalid("the primary field of table \"\(name)\" must be its first field")
            }
            var fieldNames = Set<String>()
            var fields: [Field] = []
            for field in old.fields {
                let fieldName = try FieldDefinition.validName(field.name)
                guard fieldNames.insert(fieldName.lowercased()).inserted else { throw invalid("table \"\(name)\" has two fields named \"\(fieldName)\"") }
                var options = field.options
                if !isRelational(field.type) {
                    options = try FieldDefinition.normalizedOptions(field.options, for: field.type, fieldName: fieldName)
                }
                fields.append(Field(id: ids[field.id], name: fieldName, type: field.type, description: field.description, options: options))
            }
            guard TableDefinition.primaryFieldTypes.contains(fields[0].type) else {
                throw invalid("field type \(fields[0].type.rawValue) cannot be the primary field of table \"\(name)\"")
            }
            tables.append(
                Table(
                    id: ids[old.id], baseID: baseID, name: name, description: old.description, primaryFieldID: fields[0].id, fields: fields, views: [],
                    searchFieldIDs: try old.searchFieldIDs.map { list throws(TesseraError) in try fieldIDs(list, of: old, ids, "searchFieldIds") }))
        }
        // … then links, which need every table …
        for (tableIndex, entry) in document.tables.enumerated() {
            for (fieldIndex, field) in entry.table.fields.enumerated() where field.type == .multipleRecordLinks {
                tables[tableIndex].fields[fieldIndex].options = try linkOptions(field, in: entry.table, document: document, ids: ids).json
            }
        }
        // … then derived fields, checked and completed as a field created through the API is,
        // and views, whose filters are formulas over the finished fields.
        for (tableIndex, entry) in document.tables.enumerated() {
            for (fieldIndex, field) in entry.table.fields.enumerated() where field.type.isDerived {
                let remapped = try remappedDerivedOptions(field, in: entry.table, document: document, ids: ids)
                let context = FieldContext(schema: BaseSchema(tables: tables), table: tables[tableIndex])
                do {
                    tables[tableIndex].fields[fieldIndex].options = try context.relationalOptions(remapped, for: field.type, fieldName: field.name)
                } catch {
                    throw invalid("table \"\(entry.table.name)\": \(error.message)")
                }
            }
        }
        for (tableIndex, entry) in document.tables.enumerated() {
            var viewNames = Set<String>()
            for view in entry.table.views {
                guard viewNames.insert(view.name.lowercased()).inserted else {
                    throw invalid("table \"\(entry.table.name)\" has two views named \"\(view.name)\"")
                }
                tables[tableIndex].views.append(try remapped(view, of: entry.table, into: tables[tableIndex], ids: ids))
            }
            if tables[tableIndex].views.isEmpty { tables[tableIndex].views = [View(id: TesseraID.make(.view), name: "Grid view")] }
        }
        return tables
    }

    private static func isRelational(_ type: FieldType) -> Bool {
        type == .multipleRecordLinks || type.isDerived
    }

    /// A link's options with new ids; its inverse must be a link back to it.
    private static func linkOptions(_ field: Field, in table: Table, document: BaseDocument, ids: IDMap) throws(TesseraError) -> LinkOptions {
        guard let options = LinkOptions(field), let linked = document.tables.first(where: { $0.table.id == options.linkedTableID })?.table else {
            throw invalid("link field \"\(table.name).\(field.name)\" does not name a table of the export in options.linkedTableId")
        }
        var inverseID: String?
        if linked.id != table.id {
            guard let inverse = options.inverseFieldID.flatMap({ linked.field(id: $0) }), let back = LinkOptions(inverse),
                back.linkedTableID == table.id, back.inverseFieldID == field.id
            else {
                throw invalid(
                    "link field \"\(table.name).\(field.name)\" needs options.inverseLinkFieldId naming the link back to it in table \"\(linked.name)\"")
            }
            inverseID = ids[inverse.id]
        }
        return LinkOptions(
            linkedTableID: ids[linked.id], inverseFieldID: inverseID, prefersSingleRecordLink: options.prefersSingleRecordLink,
            isReversed: options.isReversed)
    }

    /// A lookup's, rollup's, count's or formula's options with the ids they name replaced.
    private static func remappedDerivedOptions(_ field: Field, in table: Table, document: BaseDocument, ids: IDMap) throws(TesseraError) -> JSONValue {
        var options = field.options?.objectValue ?? [:]
        let place = "field \"\(table.name).\(field.name)\""
        switch Derivation(field) {
        case .lookup(let link, let target)?, .rollup(let link, let target, _)?:
            guard let linkField = table.field(id: link), let linkedTableID = LinkOptions(linkField)?.linkedTableID,
                document.tables.first(where: { $0.table.id == linkedTableID })?.table.field(id: target) != nil
            else { throw invalid("\(place) reads through a link or a field the export does not hold") }
            options["recordLinkFieldId"] = .string(ids[link])
            options["fieldIdInLinkedTable"] = .string(ids[target])
        case .count(let link)?:
            guard table.field(id: link) != nil else { throw invalid("\(place) counts a link the export does not hold") }
            options["recordLinkFieldId"] = .string(ids[link])
        case .formula(let source)?:
            do {
                options["formula"] = .string(try FormulaReferences.rewrite(source) { name in table.field(id: name).map { ids[$0.id] } })
            } catch {
                throw invalid("\(place): the formula does not read: \(error.message)")
            }
        case nil:
            throw invalid("\(place) (\(field.type.rawValue)) lacks the options that say what it computes")
        }
        return .object(options)
    }

    private static func remapped(_ view: View, of old: Table, into table: Table, ids: IDMap) throws(TesseraError) -> View {
        var result = View(id: ids[view.id], name: view.name, type: view.type)
        guard View.Kind(rawValue: view.type) != nil else { throw invalid("view \"\(view.name)\" has the unknown type \"\(view.type)\"") }
        for sort in view.sorts {
            result.sorts.append(View.Sort(fieldID: try fieldIDs([sort.fieldID], of: old, ids, "view \"\(view.name)\" sort")[0], ascending: sort.ascending))
        }
        result.hiddenFieldIDs = try fieldIDs(view.hiddenFieldIDs, of: old, ids, "view \"\(view.name)\" hiddenFieldIds")
        result.fieldOrder = try fieldIDs(view.fieldOrder, of: old, ids, "view \"\(view.name)\" fieldOrder")
        if let filter = view.filterFormula {
            do {
                let rewritten = try FormulaReferences.rewrite(filter) { name in old.field(id: name).map { ids[$0.id] } }
                _ = try RecordFilter(rewritten, table: table, timeZone: CellRenderer.utc)
                result.filterFormula = rewritten
            } catch let error as TesseraError {
                throw invalid("the filter of view \"\(view.name)\" is not valid: \(error.message)")
            } catch let error as FormulaError {
                throw invalid("the filter of view \"\(view.name)\" does not read: \(error.message)")
            } catch {
                throw invalid("the filter of view \"\(view.name)\" is not valid")
            }
        }
        return result
    }

    private static func fieldIDs(_ list: [String], of table: Table, _ ids: IDMap, _ place: String) throws(TesseraError) -> [String] {
        var result: [String] = []
        for id in list {
            guard table.field(id: id) != nil else { throw invalid("\(place) names \(id), which is not a field of table \"\(table.name)\"") }
            result.append(ids[id])
        }
        return result
    }

    static func invalid(_ reason: String) -> TesseraError {
        TesseraError(.invalidBody, "Invalid export: \(reason)")
    }
}

/// A record's cells as the store keeps them: checked as a write through the API checks them
/// (no typecast), collaborators named by this deployment's ids, links by the new record ids.
private struct CellMapping {
    let ids: IDMap
    let users: [String: String]
    let codec: CellCodec
    /// Document record id → document table id: a link may only name records of the table it links to.
    let recordTables: [String: String]

    init(document: BaseDocument, ids: IDMap, users: [String: String], codec: CellCodec) {
        self.ids = ids
        self.users = users
        self.codec = codec
        var recordTables: [String: String] = [:]
        for entry in document.tables {
            for record in entry.records { recordTables[record.id] = entry.table.id }
        }
        self.recordTables = recordTables
    }

    /// `old` is the table as the document has it, `table` the same table with new ids.
    func cells(of record: BaseDocument.RecordEntry, in old: Table, as table: Table) throws(TesseraError) -> [String: JSONValue] {
        var cells: [String: JSONValue] = [:]
        for (oldFieldID, value) in record.cells {
            guard let index = old.fields.firstIndex(where: { $0.id == oldFieldID }) else {
                throw BaseImportPlan.invalid("record \(record.id) has a cell for \(oldFieldID), which is not a field of table \"\(table.name)\"")
            }
            var field = table.fields[index]
            let stored: JSONValue?
            do {
                stored = try codec.store(collaboratorsRemapped(value, field), in: &field)
            } catch {
                throw BaseImportPlan.invalid("record \(record.id): \(error.message)")
            }
            guard let stored else { continue }
            guard field.type == .multipleRecordLinks else {
                cells[field.id] = stored
                continue
            }
            let linkedTable = old.fields[index].options?["linkedTableId"]?.stringValue
            var linked: [JSONValue] = []
            for oldRecord in (stored.arrayValue ?? []).compactMap(\.stringValue) {
                guard let target = recordTables[oldRecord], target == linkedTable else {
                    throw BaseImportPlan.invalid(
                        "record \(record.id) links to \(oldRecord) in field \"\(field.name)\", which is not a record of the table it links to")
                }
                linked.append(.string(ids[oldRecord]))
            }
            cells[field.id] = .array(linked)
        }
        return cells
    }

    /// Collaborator objects name people of the deployment the export came from; those this one
    /// knows (by id or email, see `users`) are named by their id here.
    private func collaboratorsRemapped(_ value: JSONValue, _ field: Field) -> JSONValue {
        func remap(_ item: JSONValue) -> JSONValue {
            guard let id = item["id"]?.stringValue, let user = users[id] else { return item }
            return ["id": .string(user)]
        }
        switch field.type {
        case .singleCollaborator: return remap(value)
        case .multipleCollaborators: return value.arrayValue.map { JSONValue.array($0.map(remap)) } ?? value
        default: return value
        }
    }
}

/// Document ids → new ids of the same kind; each document id once.
private struct IDMap {
    private(set) var map: [String: String] = [:]

    mutating func assign(_ old: String, _ kind: TesseraID.Kind, _ noun: String) throws(TesseraError) {
        guard !old.isEmpty, map[old] == nil else { throw BaseImportPlan.invalid("the \(noun) id \"\(old.prefix(40))\" is empty or used twice") }
        map[old] = TesseraID.make(kind)
    }

    /// Only called for ids checked to be in the document.
    subscript(old: String) -> String { map[old] ?? old }
}
