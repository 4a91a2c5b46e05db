import Foundation

/// A record's cells as formulas and lookups read them, and a formula's result as a derived
/// field stores it.
enum CellValues {
    /// What a lookup keeps of `field` in `record`: select choices by name, metadata fields
    /// resolved, lists flattened into the lookup's list.
    static func lookupItems(of field: Field, in record: Record) -> [JSONValue] {
        switch field.type {
        case .createdTime: return [.string(CellDates.formatInstant(record.createdTime))]
        case .lastModifiedTime: return [.string(CellDates.formatInstant(record.lastModifiedTime ?? record.createdTime))]
        case .autoNumber: return [.number(Double(record.autoNumber))]
        case .createdBy: return record.createdBy.map { [.string($0)] } ?? []
        case .lastModifiedBy: return (record.lastModifiedBy ?? record.createdBy).map { [.string($0)] } ?? []
        default: break
        }
        guard let stored = record.cells[field.id] else { return [] }
        switch field.type {
        case .singleSelect:
            return [.string(choiceName(stored.stringValue, field))]
        case .multipleSelects:
            return (stored.arrayValue ?? []).map { .string(choiceName($0.stringValue, field)) }
        default:
            if case .array(let items) = stored { return items }
            if stored.objectValue?["error"] != nil { return [] }
            return [stored]
        }
    }

    /// The formula value of `field` in `record`; link fields read as their linked records'
    /// primary values when `linkNames` has them, else as record ids.
    static func formulaValue(_ field: Field, of record: Record, linkNames: [String: String]) -> FormulaValue {
        switch field.type {
        case .createdTime: return .date(record.createdTime)
        case .lastModifiedTime: return .date(record.lastModifiedTime ?? record.createdTime)
        case .autoNumber: return .number(Double(record.autoNumber))
        case .createdBy: return record.createdBy.map(FormulaValue.text) ?? .blank
        case .lastModifiedBy: return (record.lastModifiedBy ?? record.createdBy).map(FormulaValue.text) ?? .blank
        default: break
        }
        guard let stored = record.cells[field.id] else { return field.type.isDerived || field.type == .multipleRecordLinks ? .list([]) : .blank }
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
        case .multipleRecordLinks:
            return .list((stored.arrayValue ?? []).compactMap(\.stringValue).map { .text(linkNames[$0] ?? $0) })
        case .multipleLookupValues, .rollup, .formula:
            let result = ResultType(json: field.options?["result"])?.type ?? .singleLineText
            return value(stored, as: result)
        default:
            return value(stored, as: field.type)
        }
    }

    /// A stored value read as `type` (dates from their ISO text), lists item by item.
    private static func value(_ stored: JSONValue, as type: FieldType) -> FormulaValue {
        switch stored {
        case .array(let items): return .list(items.map { value($0, as: type) })
        case .number(let number): return .number(number)
        case .bool(let flag): return .bool(flag)
        case .string(let text):
            switch type {
            case .date: return CellDates.parseDay(text).map(FormulaValue.date) ?? .text(text)
            case .dateTime, .createdTime, .lastModifiedTime: return CellDates.parseInstant(text).map(FormulaValue.date) ?? .text(text)
            default: return .text(text)
            }
        default:
            return .blank // an error value reads as blank
        }
    }

    /// How a derived field stores a formula's result: empty results leave the cell empty, as
    /// Airtable omits them; lists keep their items.
    static func stored(_ value: FormulaValue) -> JSONValue? {
        switch value {
        case .blank: return nil
        case .number(let number):
            if number.isNaN { return ["specialValue": "NaN"] }
            if number.isInfinite { return ["specialValue": number > 0 ? "Infinity" : "-Infinity"] }
            return .number(number)
        case .text(let text): return text.isEmpty ? nil : .string(text)
        case .bool(let flag): return flag ? .bool(true) : nil
        case .date(let date): return .string(CellDates.formatInstant(date))
        case .list(let items):
            let kept = items.compactMap(stored)
            return kept.isEmpty ? nil : .array(kept)
        }
    }

    /// What Airtable shows for a formula that fails on a record.
    static let error: JSONValue = ["error": "#ERROR!"]

    private static func choiceName(_ id: String?, _ field: Field) -> String {
        field.choices.first { $0.id == id }?.name ?? id ?? ""
    }
}
