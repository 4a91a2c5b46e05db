/// Field types, named as on Airtable's wire.
public enum FieldType: String, Sendable, Codable, CaseIterable {
    case singleLineText
    case multilineText
    case richText
    case email
    case url
    case phoneNumber
    case number
    case currency
    case percent
    case rating
    case duration
    case checkbox
    case singleSelect
    case multipleSelects
    case date
    case dateTime
    case createdTime
    case lastModifiedTime
    case autoNumber
    case multipleRecordLinks
    case multipleLookupValues
    case rollup
    case count
    case formula
    case createdBy
    case lastModifiedBy
    case singleCollaborator
    case multipleCollaborators

    /// Computed fields hold no value a client writes, and refuse writes.
    public var isComputed: Bool {
        switch self {
        case .createdTime, .lastModifiedTime, .autoNumber, .createdBy, .lastModifiedBy: true
        default: isDerived
        }
    }

    /// Computed fields whose values are stored in the record's cells and kept current by the
    /// writes they depend on (see `Recalculation`), so they filter and sort like any cell.
    public var isDerived: Bool {
        switch self {
        case .multipleLookupValues, .rollup, .count, .formula: true
        default: false
        }
    }

    /// Text-like fields feed keyword/semantic search and compare as text in formulas.
    public var isTextLike: Bool {
        switch self {
        case .singleLineText, .multilineText, .richText, .email, .url, .phoneNumber: true
        default: false
        }
    }
}
