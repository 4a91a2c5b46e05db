/// The other side of a link: a link field in table A to table B comes with a field in B that
/// links back, named after A, as Airtable makes it. A link from a table to itself has none.
enum InverseLink {
    /// The inverse of `field` (when it is a link to another table), to add to that table; a
    /// self-link loses the inverse id its options were made with.
    static func make(for field: inout Field, in table: Table, schema: BaseSchema) throws(TesseraError) -> PlacedField? {
        guard var options = LinkOptions(field), let inverseID = options.inverseFieldID else { return nil }
        guard options.linkedTableID != table.id, let linked = schema.table(id: options.linkedTableID) else {
            options.inverseFieldID = nil
            field.options = options.json
            return nil
        }
        var name = table.name
        var suffix = 2
        while linked.fields.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            name = "\(table.name) \(suffix)"
            suffix += 1
        }
        let inverse = Field(
            id: inverseID, name: name, type: .multipleRecordLinks,
            options: LinkOptions(linkedTableID: table.id, inverseFieldID: field.id).json)
        return PlacedField(tableID: linked.id, field: inverse)
    }

    /// Refuses a schema in which a derived field would read itself.
    static func refuseCycles(in schema: BaseSchema, adding table: Table) throws(TesseraError) {
        let tables = schema.tables.filter { $0.id != table.id } + [table]
        if let cycle = FieldDependencies.cycle(in: BaseSchema(tables: tables)) {
            throw .invalidRequest("These fields would read each other in a circle: \(cycle.joined(separator: " → "))")
        }
    }
}
