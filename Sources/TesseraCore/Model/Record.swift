import Foundation

/// A row. `cells` is keyed by field id and holds the stored form of each non-empty cell,
/// derived fields' values (lookups, rollups, counts, formulas) included.
public struct Record: Sendable, Equatable {
    public let id: String
    public let tableID: String
    public let createdTime: Date
    public var lastModifiedTime: Date?
    public var autoNumber: Int
    public var cells: [String: JSONValue]
    /// Who made the record and who last changed a cell a person can write (createdBy, lastModifiedBy).
    public var createdBy: String?
    public var lastModifiedBy: String?
    /// When each field last changed, for LAST_MODIFIED_TIME({Field}); fields never changed are absent.
    public var fieldModifiedTimes: [String: Date]

    public init(
        id: String, tableID: String, createdTime: Date, lastModifiedTime: Date?, autoNumber: Int, cells: [String: JSONValue],
        createdBy: String? = nil, lastModifiedBy: String? = nil, fieldModifiedTimes: [String: Date] = [:]
    ) {
        self.id = id
        self.tableID = tableID
        self.createdTime = createdTime
        self.lastModifiedTime = lastModifiedTime
        self.autoNumber = autoNumber
        self.cells = cells
        self.createdBy = createdBy
        self.lastModifiedBy = lastModifiedBy
        self.fieldModifiedTimes = fieldModifiedTimes
    }
}

public struct Comment: Sendable, Equatable {
    public let id: String
    public let recordID: String
    public let authorID: String
    public var text: String
    public let createdTime: Date
    public var lastUpdatedTime: Date?

    public init(id: String, recordID: String, authorID: String, text: String, createdTime: Date, lastUpdatedTime: Date?) {
        self.id = id
        self.recordID = recordID
        self.authorID = authorID
        self.text = text
        self.createdTime = createdTime
        self.lastUpdatedTime = lastUpdatedTime
    }
}
