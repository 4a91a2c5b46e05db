import Foundation

/// A row. `cells` is keyed by field id and holds the stored form of each non-empty cell.
public struct Record: Sendable, Equatable {
    public let id: String
    public let tableID: String
    public let createdTime: Date
    public var lastModifiedTime: Date?
    public var autoNumber: Int
    public var cells: [String: JSONValue]

    public init(id: String, tableID: String, createdTime: Date, lastModifiedTime: Date?, autoNumber: Int, cells: [String: JSONValue]) {
        self.id = id
        self.tableID = tableID
        self.createdTime = createdTime
        self.lastModifiedTime = lastModifiedTime
        self.autoNumber = autoNumber
        self.cells = cells
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
