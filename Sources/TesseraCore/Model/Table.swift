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

    public init(
        id: String, baseID: String, name: String, description: String?, primaryFieldID: String, fields: [Field], views: [View], searchFieldIDs: [String]? = nil
    ) {
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

/// A saved way of looking at a table: which records (a filter formula, written with field ids),
/// in which order, which fields shown and where. Grid views are what the API applies; the other
/// types are kept for clients that draw them.
public struct View: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case grid, kanban, calendar, gallery, form
    }

    public struct Sort: Sendable, Equatable {
        public var fieldID: String
        public var ascending: Bool

        public init(fieldID: String, ascending: Bool) {
            self.fieldID = fieldID
            self.ascending = ascending
        }
    }

    public let id: String
    public var name: String
    public var type: String
    public var filterFormula: String?
    public var sorts: [Sort]
    public var hiddenFieldIDs: [String]
    /// Field ids in the order the view shows them; fields it does not name follow in the table's order.
    public var fieldOrder: [String]

    public init(
        id: String, name: String, type: String = "grid", filterFormula: String? = nil, sorts: [Sort] = [],
        hiddenFieldIDs: [String] = [], fieldOrder: [String] = []
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.filterFormula = filterFormula
        self.sorts = sorts
        self.hiddenFieldIDs = hiddenFieldIDs
        self.fieldOrder = fieldOrder
    }

    /// The stored form, also what the views API answers.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "type": .string(type),
            "sort": .array(sorts.map { ["fieldId": .string($0.fieldID), "direction": .string($0.ascending ? "asc" : "desc")] }),
            "hiddenFieldIds": .array(hiddenFieldIDs.map(JSONValue.string)),
            "fieldOrder": .array(fieldOrder.map(JSONValue.string)),
        ]
        if let filterFormula { object["filterByFormula"] = .string(filterFormula) }
        return .object(object)
    }

    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, let name = json["name"]?.stringValue else { return nil }
        let sorts = (json["sort"]?.arrayValue ?? []).compactMap { item -> Sort? in
            item["fieldId"]?.stringValue.map { Sort(fieldID: $0, ascending: item["direction"]?.stringValue != "desc") }
        }
        self.init(
            id: id, name: name, type: json["type"]?.stringValue ?? "grid", filterFormula: json["filterByFormula"]?.stringValue,
            sorts: sorts, hiddenFieldIDs: (json["hiddenFieldIds"]?.arrayValue ?? []).compactMap(\.stringValue),
            fieldOrder: (json["fieldOrder"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
