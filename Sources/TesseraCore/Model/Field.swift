/// A column of a table. `options` is kept as Airtable writes it on the wire (normalized and
/// completed with defaults when the field is created), so the schema API echoes it unchanged.
public struct Field: Sendable, Equatable {
    public let id: String
    public var name: String
    public var type: FieldType
    public var description: String?
    public var options: JSONValue? {
        didSet { choices = Self.choices(in: options) }
    }
    /// Choices of a singleSelect/multipleSelects field, in order. Kept beside `options` because
    /// every select cell a record list renders looks its choice up here.
    public private(set) var choices: [SelectChoice]

    public init(id: String, name: String, type: FieldType, description: String? = nil, options: JSONValue? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.description = description
        self.options = options
        choices = Self.choices(in: options)
    }

    private static func choices(in options: JSONValue?) -> [SelectChoice] {
        (options?["choices"]?.arrayValue ?? []).compactMap(SelectChoice.init(json:))
    }
}

public struct SelectChoice: Sendable, Equatable {
    public let id: String
    public var name: String
    public var color: String?

    public init(id: String, name: String, color: String? = nil) {
        self.id = id
        self.name = name
        self.color = color
    }

    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, let name = json["name"]?.stringValue else { return nil }
        self.init(id: id, name: name, color: json["color"]?.stringValue)
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = ["id": .string(id), "name": .string(name)]
        if let color { object["color"] = .string(color) }
        return .object(object)
    }
}
