import Foundation

/// A table as a client asks for it. The first field becomes the primary field.
public struct TableDefinition: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var fields: [FieldDefinition]

    public init(name: String, description: String? = nil, fields: [FieldDefinition]) {
        self.name = name
        self.description = description
        self.fields = fields
    }

    public init(json: JSONValue) throws(TesseraError) {
        guard let name = json["name"]?.stringValue else { throw .invalidRequest("A table needs a \"name\" string") }
        guard let fields = json["fields"]?.arrayValue else { throw .invalidRequest("Table \"\(name)\" needs a \"fields\" array") }
        if let description = json["description"], !description.isNull, description.stringValue == nil {
            throw .invalidRequest("The description of table \"\(name)\" must be a string")
        }
        var definitions: [FieldDefinition] = []
        for field in fields { definitions.append(try FieldDefinition(json: field)) }
        self.init(name: name, description: json["description"]?.stringValue, fields: definitions)
    }

    /// Primary fields must hold a value people can read, so computed-only types are refused there
    /// except autoNumber and createdTime, which Airtable also allows.
    public static let primaryFieldTypes: Set<FieldType> = Set(FieldType.allCases).subtracting([
        .checkbox, .multipleSelects, .lastModifiedTime, .rating, .multipleRecordLinks, .multipleLookupValues, .rollup, .count,
        .createdBy, .lastModifiedBy, .singleCollaborator, .multipleCollaborators,
    ])

    /// The table, its fields made in order so that a lookup or formula can name an earlier field;
    /// links resolve against `schema` (the base's other tables) and their inverse fields come back
    /// beside the table, to be added to the tables they link to.
    func makeTable(baseID: String, schema: BaseSchema) throws(TesseraError) -> (table: Table, inverses: [PlacedField]) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalidRequest("Table names must not be empty") }
        guard !fields.isEmpty else { throw .invalidRequest("Table \"\(name)\" needs at least one field") }
        var table = Table(
            id: TesseraID.make(.table), baseID: baseID, name: name, description: description,
            primaryFieldID: "", fields: [], views: [View(id: TesseraID.make(.view), name: "Grid view")])
        var inverses: [PlacedField] = []
        for definition in fields {
            var field = try definition.makeField(in: FieldContext(schema: schema, table: table))
            guard !table.fields.contains(where: { $0.name.lowercased() == field.name.lowercased() }) else {
                throw TesseraError(.duplicateFieldName, "Table \"\(name)\" has two fields named \"\(field.name)\"")
            }
            if let inverse = try InverseLink.make(for: &field, in: table, schema: schema) { inverses.append(inverse) }
            table.fields.append(field)
        }
        guard Self.primaryFieldTypes.contains(table.fields[0].type) else {
            throw .invalidRequest("Field type \(table.fields[0].type.rawValue) cannot be the primary (first) field of table \"\(name)\"")
        }
        table.primaryFieldID = table.fields[0].id
        try InverseLink.refuseCycles(in: schema, adding: table)
        return (table, inverses)
    }
}
