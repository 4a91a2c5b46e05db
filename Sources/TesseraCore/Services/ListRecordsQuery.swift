import Foundation

/// The options of Airtable's list-records call, from query parameters or a JSON body.
public struct ListRecordsQuery: Sendable, Equatable {
    public struct Sort: Sendable, Equatable {
        public var field: String
        public var ascending: Bool

        public init(field: String, ascending: Bool) {
            self.field = field
            self.ascending = ascending
        }
    }

    public var pageSize: Int = 100
    public var maxRecords: Int?
    public var offset: String?
    public var view: String?
    public var fields: [String]?
    public var filterByFormula: String?
    public var sort: [Sort] = []
    public var cellFormat: CellRenderer.Format = .json
    public var timeZone: TimeZone?
    public var userLocale: Locale?
    public var returnFieldsByFieldID = false
    public var includeCommentCount = false
    /// Also load the primary values of linked records, for readers (tools, chat) that show them.
    public var expandLinks = false

    public init() {}

    public static let maxPageSize = 100

    /// How cells are shown: the format in the query's time zone and locale (UTC and en_US unless given).
    public var renderer: CellRenderer {
        CellRenderer(format: cellFormat, timeZone: timeZone ?? CellRenderer.utc, locale: userLocale ?? Locale(identifier: "en_US"))
    }

    /// Checks ranges and combinations that do not depend on the table.
    public func validated() throws(TesseraError) -> ListRecordsQuery {
        guard (1...Self.maxPageSize).contains(pageSize) else {
            throw .invalidRequest("pageSize must be between 1 and \(Self.maxPageSize), got \(pageSize)")
        }
        if let maxRecords, maxRecords < 1 { throw .invalidRequest("maxRecords must be a positive number, got \(maxRecords)") }
        if cellFormat == .string, timeZone == nil || userLocale == nil {
            throw .invalidRequest("cellFormat=string requires both timeZone and userLocale")
        }
        return self
    }
}
