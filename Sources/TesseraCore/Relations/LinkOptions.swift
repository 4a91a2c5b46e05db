/// The options of a `multipleRecordLinks` field, as Airtable writes them.
public struct LinkOptions: Sendable, Equatable {
    public var linkedTableID: String
    /// The field in the linked table that holds the other direction; links are kept symmetric.
    public var inverseFieldID: String?
    public var prefersSingleRecordLink: Bool
    /// Airtable's flag for links that show newest first; kept as given.
    public var isReversed: Bool

    public init(linkedTableID: String, inverseFieldID: String?, prefersSingleRecordLink: Bool = false, isReversed: Bool = false) {
        self.linkedTableID = linkedTableID
        self.inverseFieldID = inverseFieldID
        self.prefersSingleRecordLink = prefersSingleRecordLink
        self.isReversed = isReversed
    }

    public init?(_ field: Field) {
        guard field.type == .multipleRecordLinks, let linked = field.options?["linkedTableId"]?.stringValue else { return nil }
        self.init(
            linkedTableID: linked, inverseFieldID: field.options?["inverseLinkFieldId"]?.stringValue,
            prefersSingleRecordLink: field.options?["prefersSingleRecordLink"]?.boolValue ?? false,
            isReversed: field.options?["isReversed"]?.boolValue ?? false)
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "linkedTableId": .string(linkedTableID), "isReversed": .bool(isReversed),
            "prefersSingleRecordLink": .bool(prefersSingleRecordLink),
        ]
        if let inverseFieldID { object["inverseLinkFieldId"] = .string(inverseFieldID) }
        return .object(object)
    }
}
