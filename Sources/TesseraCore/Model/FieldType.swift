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

    /// Computed fields hold no cell data and refuse writes.
    public var isComputed: Bool {
        switch self {
        case .createdTime, .lastModifiedTime, .autoNumber: true
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
