import Foundation

/// A field as a client asks for it (create table, create field). `makeField` checks it and
/// completes the options with Airtable's defaults.
public struct FieldDefinition: Sendable, Equatable {
    public var name: String
    public var type: String
    public var description: String?
    public var options: JSONValue?

    public init(name: String, type: String, description: String? = nil, options: JSONValue? = nil) {
        self.name = name
        self.type = type
        self.description = description
        self.options = options
    }

    public init(json: JSONValue) throws(TesseraError) {
        guard case .object = json else { throw .invalidRequest("A field must be an object with a name and a type") }
        guard let name = json["name"]?.stringValue else { throw .invalidRequest("A field needs a \"name\" string") }
        guard let type = json["type"]?.stringValue else { throw .invalidRequest("Field \"\(name)\" needs a \"type\" string") }
        if let description = json["description"], !description.isNull, description.stringValue == nil {
            throw .invalidRequest("The description of field \"\(name)\" must be a string")
        }
        self.init(name: name, type: type, description: json["description"]?.stringValue, options: json["options"])
    }

    /// The field this definition describes, options checked and completed. Links, lookups,
    /// rollups, counts and formulas resolve against `context` (the table the field goes into and
    /// its base); a field of another type needs none.
    public func makeField(in context: FieldContext? = nil) throws(TesseraError) -> Field {
        let name = try Self.validName(name)
        guard let fieldType = FieldType(rawValue: type) else {
            throw TesseraError(
                .invalidFieldType,
                "Unknown field type \"\(type)\" for field \"\(name)\". Supported: \(FieldType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let options = try Self.normalizedOptions(options, for: fieldType, fieldName: name, context: context)
        return Field(id: TesseraID.make(.field), name: name, type: fieldType, description: description, options: options)
    }

    static func validName(_ raw: String) throws(TesseraError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalidRequest("Field names must not be empty") }
        guard name.count <= 255 else { throw .invalidRequest("Field name \"\(name.prefix(40))…\" is longer than 255 characters") }
        return name
    }

    /// Options as the schema API returns them, defaults filled in. Choices get `sel` ids.
    static func normalizedOptions(_ given: JSONValue?, for type: FieldType, fieldName: String, context: FieldContext? = nil) throws(TesseraError) -> JSONValue?
    {
        let options: [String: JSONValue]
        switch given {
        case nil, .null?: options = [:]
        case .object(let members)?: options = members
        default: throw .invalidRequest("The options of field \"\(fieldName)\" must be an object")
        }
        func precision() throws(TesseraError) -> JSONValue {
            let value = options["precision"]?.numberValue ?? 0
            guard value == value.rounded(), (0...8).contains(value) else {
                throw .invalidRequest("Field \"\(fieldName)\": precision must be a whole number from 0 to 8")
            }
            return .number(value)
        }
        switch type {
        case .number, .percent:
            return ["precision": try precision()]
        case .currency:
            return ["precision": try precision(), "symbol": options["symbol"] ?? "$"]
        case .rating:
            let maximum = options["max"]?.numberValue ?? 5
            guard maximum == maximum.rounded(), (1...10).contains(maximum) else {
                throw .invalidRequest("Field \"\(fieldName)\": max must be a whole number from 1 to 10")
            }
            return ["max": .number(maximum), "icon": options["icon"] ?? "star", "color": options["color"] ?? "yellowBright"]
        case .duration:
            let format = options["durationFormat"]?.stringValue ?? "h:mm"
            guard ["h:mm", "h:mm:ss", "h:mm:ss.S", "h:mm:ss.SS", "h:mm:ss.SSS"].contains(format) else {
                throw .invalidRequest("Field \"\(fieldName)\": unknown durationFormat \"\(format)\"")
            }
            return ["durationFormat": .string(format)]
        case .checkbox:
            return ["icon": options["icon"] ?? "check", "color": options["color"] ?? "greenBright"]
        case .singleSelect, .multipleSelects:
            return ["choices": .array(try choices(options["choices"], fieldName: fieldName).map(\.json))]
        case .date:
            return ["dateFormat": options["dateFormat"] ?? ["name": "iso", "format": "YYYY-MM-DD"]]
        case .dateTime:
            return [
                "dateFormat": options["dateFormat"] ?? ["name": "iso", "format": "YYYY-MM-DD"],
                "timeFormat": options["timeFormat"] ?? ["name": "24hour", "format": "HH:mm"],
                "timeZone": options["timeZone"] ?? "utc",
            ]
        case .createdTime, .lastModifiedTime:
            return [
                "result": [
                    "type": "dateTime",
                    "options": [
                        "dateFormat": ["name": "iso", "format": "YYYY-MM-DD"],
                        "timeFormat": ["name": "24hour", "format": "HH:mm"], "timeZone": "utc",
                    ],
                ]
            ]
        case .singleLineText, .multilineText, .richText, .email, .url, .phoneNumber, .autoNumber,
            .createdBy, .lastModifiedBy, .singleCollaborator, .multipleCollaborators:
            return nil
        case .multipleRecordLinks, .multipleLookupValues, .rollup, .count, .formula:
            guard let context else {
                throw .invalidRequest("Field \"\(fieldName)\" (\(type.rawValue)) can only be made in a table of a base")
            }
            return try context.relationalOptions(given, for: type, fieldName: fieldName)
        }
    }

    private static func choices(_ given: JSONValue?, fieldName: String) throws(TesseraError) -> [SelectChoice] {
        guard let given, !given.isNull else { return [] }
        guard let items = given.arrayValue else { throw .invalidRequest("Field \"\(fieldName)\": choices must be an array") }
        var result: [SelectChoice] = []
        for item in items {
            guard let name = item["name"]?.stringValue, !name.isEmpty else {
                throw .invalidRequest("Field \"\(fieldName)\": every choice needs a non-empty name")
            }
            guard !result.contains(where: { $0.name == name }) else {
                throw .invalidRequest("Field \"\(fieldName)\": duplicate choice \"\(name)\"")
            }
            let id = item["id"]?.stringValue.flatMap { TesseraID.isValid($0, .selectChoice) ? $0 : nil }
            result.append(SelectChoice(id: id ?? TesseraID.make(.selectChoice), name: name, color: item["color"]?.stringValue))
        }
        return result
    }
}
