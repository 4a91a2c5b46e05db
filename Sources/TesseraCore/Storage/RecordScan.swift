/// One page's worth of work for `RecordStore.scanRecords`.
public struct RecordScan: Sendable {
    public enum Start: Sendable, Equatable {
        case beginning
        /// Natural order only: continue after the record with this autoNumber.
        case afterAutoNumber(Int)
        /// Sorted order: skip this many matching records.
        case skipping(Int)
    }

    public let tableID: String
    public let sort: [RecordSortKey]
    public let prefilter: RecordPrefilter?
    /// The exact in-memory test; it throws to stop the scan (a filter over its budget).
    public let matches: (@Sendable (Record) throws -> Bool)?
    public let start: Start
    public let limit: Int

    public init(tableID: String, sort: [RecordSortKey], prefilter: RecordPrefilter?, matches: (@Sendable (Record) throws -> Bool)?, start: Start, limit: Int) {
        self.tableID = tableID
        self.sort = sort
        self.prefilter = prefilter
        self.matches = matches
        self.start = start
        self.limit = limit
    }

    /// Whether the scan reads one page in natural order with every condition in the index
    /// (no sort, no filter, no skipping): at most `limit + 1` rows, however large the table.
    public var readsOnePageAlongTheIndex: Bool {
        if case .skipping = start { return false }
        return sort.isEmpty && prefilter == nil && matches == nil
    }
}

public struct RecordScanPage: Sendable {
    public let records: [Record]
    /// Whether more matching records follow this page.
    public let hasMore: Bool

    public init(records: [Record], hasMore: Bool) {
        self.records = records
        self.hasMore = hasMore
    }
}

/// How to order records by one field; blanks come first ascending, last descending.
public struct RecordSortKey: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case cell(fieldID: String)
        /// Select fields sort by the position of the choice in the field's choice list.
        case choicePosition(fieldID: String, choiceIDs: [String])
        case createdTime
        case lastModifiedTime
        case autoNumber
    }

    public let value: Value
    public let ascending: Bool
    public let caseInsensitive: Bool

    public init(value: Value, ascending: Bool, caseInsensitive: Bool) {
        self.value = value
        self.ascending = ascending
        self.caseInsensitive = caseInsensitive
    }
}

/// A condition a database can check cheaply, derived from a filter formula. It keeps every
/// record the formula could match (a superset); the formula itself then decides exactly.
public indirect enum RecordPrefilter: Sendable, Equatable {
    public enum Comparison: String, Sendable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    case all([RecordPrefilter])
    case any([RecordPrefilter])
    /// The stored text of the cell equals this exact string.
    case textEquals(fieldID: String, String)
    /// The stored number compares so; `orBlank` also keeps records where the cell is empty.
    case number(fieldID: String, Comparison, Double, orBlank: Bool)
    case notBlank(fieldID: String)
}
