import Foundation

/// One record as a formula sees it: cells by field name or id, in their formula types.
struct RecordFormulaContext: FormulaContext {
    let record: Record
    /// `Table.fieldsByReference`: names and ids.
    let fields: [String: Field]
    let now: Date
    let timeZone: TimeZone
    /// Primary values of linked records, by record id, where the caller loaded them.
    var linkNames: [String: String] = [:]

    var recordID: String { record.id }
    var createdTime: Date { record.createdTime }
    var lastModifiedTime: Date? { record.lastModifiedTime }

    func value(ofField name: String) -> FormulaValue? {
        fields[name].map { CellValues.formulaValue($0, of: record, linkNames: linkNames) }
    }

    func lastModifiedTime(ofField name: String) -> Date? {
        fields[name].flatMap { record.fieldModifiedTimes[$0.id] }
    }
}
