/// Schema objects as Airtable's metadata API writes them.
public enum SchemaPresenter {
    public static func field(_ field: Field) -> JSONValue {
        var object: [String: JSONValue] = ["id": .string(field.id), "name": .string(field.name), "type": .string(field.type.rawValue)]
        if let description = field.description { object["description"] = .string(description) }
        if let options = field.options { object["options"] = options }
        return .object(object)
    }

    public static func table(_ table: Table) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(table.id),
            "name": .string(table.name),
            "primaryFieldId": .string(table.primaryFieldID),
            "fields": .array(table.fields.map(field)),
            "views": .array(table.views.map { ["id": .string($0.id), "name": .string($0.name), "type": .string($0.type)] }),
        ]
        if let description = table.description { object["description"] = .string(description) }
        if let searchFieldIDs = table.searchFieldIDs { object["searchableFieldIds"] = .array(searchFieldIDs.map(JSONValue.string)) }
        return .object(object)
    }
}
