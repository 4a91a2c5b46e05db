import Foundation

/// One record as a formula sees it: cells by field name, in their formula types.
struct RecordFormulaContext: FormulaContext {
    let record: Record
    let fieldsByName: [String: Field]
    let now: Date
    let timeZone: TimeZone

    var recordID: String { record.id }
    var createdTime: Date { record.createdTime }
    var lastModifiedTime: Date? { record.lastModifiedTime }

    func value(ofField name: String) -> FormulaValue? {
        guard let field = fieldsByName[name] else { return nil }
        switch field.type {
        case .createdTime: return .date(record.createdTime)
        case .lastModifiedTime: return .date(record.lastModifiedTime ?? record.createdTime)
        case .autoNumber: return .number(Double(record.autoNumber))
        default: break
        }
        guard let stored = record.cells[field.id] else { return .blank }
        switch field.type {
        case .singleSelect:
            return .text(choiceName(stored.stringValue, field))
        case .multipleSelects:
            return .list((stored.arrayValue ?? []).map { .text(choiceName($0.stringValue, field)) })
        case .checkbox:
            return .bool(stored.boolValue ?? false)
        case .date:
            return stored.stringValue.flatMap(CellDates.parseDay).map(FormulaValue.date) ?? .blank
        case .dateTime:
            return stored.stringValue.flatMap(CellDates.parseInstant).map(FormulaValue.date) ?? .blank
        default:
            switch stored {
            case .number(let number): return .number(number)
            case .string(let text): return .text(text)
            case .bool(let flag): return .bool(flag)
            default: return .blank
            }
        }
    }

    private func choiceName(_ id: String?, _ field: Field) -> String {
        field.choices.first { $0.id == id }?.name ?? ""
    }
}
