/// A table's schema: its fields (the first is the primary field) and views.
public struct Table: Sendable, Equatable {
    public let id: String
    public let baseID: String
    public var name: String
    public var description: String?
    public var primaryFieldID: String
    public var fields: [Field]
    public var views: [View]
    /// Fields whose text search indexes; nil means every text-like field.
    public var searchFieldIDs: [String]?

    public init(id: String, baseID: String, name: String, description: String?, primaryFieldID: String, fields: [Field], views: [View], searchFieldIDs: [String]? = nil) {
        self.id = id
        self.baseID = baseID
        self.name = name
        self.description = description
        self.primaryFieldID = primaryFieldID
        self.fields = fields
        self.views = views
        self.searchFieldIDs = searchFieldIDs
    }

    public func field(id: String) -> Field? { fields.first { $0.id == id } }

    /// Airtable resolves a field reference by id first, then by exact name.
    public func field(named nameOrID: String) -> Field? {
        fields.first { $0.id == nameOrID } ?? fields.first { $0.name == nameOrID }
    }

    /// Fields by name and by id: formula fields name fields by id (`{fldXXXXXXXXXXXXXX}`),
    /// people by name; a name that is also another field's id loses to the id, as in `field(named:)`.
    public var fieldsByReference: [String: Field] {
        var fields = Dictionary(self.fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for field in self.fields { fields[field.id] = field }
        return fields
    }

    public func view(named nameOrID: String) -> View? {
        views.first { $0.id == nameOrID } ?? views.first { $0.name == nameOrID }
    }
}

public struct View: Sendable, Equatable {
    public let id: String
    public var name: String
    public var type: String

    public init(id: String, name: String, type: String = "grid") {
        self.id = id
        self.name = name
        self.type = type
    }
}
