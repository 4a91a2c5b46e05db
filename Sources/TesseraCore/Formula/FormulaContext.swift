import Foundation

/// What a formula sees of one record while it is evaluated.
public protocol FormulaContext {
    /// The cell value of the named field, `.blank` for an empty cell.
    /// nil means "no such field": evaluation throws `FormulaError` "Unknown field names: X".
    func value(ofField name: String) -> FormulaValue?
    var recordID: String { get }
    var createdTime: Date { get }
    var lastModifiedTime: Date? { get }
    /// When the named field of this record last changed; nil when never (or unknown).
    func lastModifiedTime(ofField name: String) -> Date?
    /// The instant `NOW()` and `TODAY()` answer; fixed for a whole request so every record sees the same time.
    var now: Date { get }
    /// Zone for calendar work (`DATETIME_FORMAT`, `YEAR()`, `DATEADD` in days, …); Airtable uses UTC unless told otherwise.
    var timeZone: TimeZone { get }
}

extension FormulaContext {
    public func lastModifiedTime(ofField name: String) -> Date? { nil }
}
