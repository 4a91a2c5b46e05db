import Foundation

/// Airtable's implicit conversions between value kinds.
extension FormulaValue {
    /// Truthiness: 0, "", blank, false and an empty list are false; NaN never occurs (it is an evaluation error).
    var isTruthy: Bool {
        switch self {
        case .blank: false
        case .number(let value): value != 0
        case .text(let text): !text.isEmpty
        case .bool(let value): value
        case .date: true
        case .list(let items): !items.isEmpty
        }
    }

    /// The items of a list and of the lists in it, in order; any other value alone.
    var flattened: [FormulaValue] {
        guard case .list(let items) = self else { return [self] }
        return items.flatMap(\.flattened)
    }

    /// An empty list behaves as blank and a one-item list as its item; longer lists keep their identity.
    var unwrapped: FormulaValue {
        guard case .list(let items) = self else { return self }
        switch items.count {
        case 0: return .blank
        case 1: return items[0].unwrapped
        default: return self
        }
    }

    /// The value in text context (`&`, text functions): numbers without a trailing ".0", booleans as 1/0,
    /// dates as ISO 8601 in UTC, lists joined with ", " like a multipleSelects cell.
    var textValue: String {
        switch self {
        case .blank: ""
        case .number(let value): FormulaNumberFormat.text(value)
        case .text(let text): text
        case .bool(let value): value ? "1" : "0"
        case .date(let date): FormulaDateFormatter.iso8601(date)
        case .list(let items): items.lazy.map(\.textValue).joined(separator: ", ")
        }
    }

    /// The value in numeric context: blank is 0, booleans are 1/0, text must hold a number.
    func numberValue(at position: Int) throws(FormulaError) -> Double {
        switch unwrapped {
        case .blank: return 0
        case .number(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .text(let text):
            if let number = Self.number(parsing: text) { return number }
            throw FormulaError.evaluation("Cannot use text \"\(text)\" as a number", at: position)
        case .date:
            throw FormulaError.evaluation("Cannot use a date as a number (use DATETIME_DIFF)", at: position)
        case .list:
            throw FormulaError.evaluation("Cannot use a list of several values as a number", at: position)
        }
    }

    /// A number written as text (surrounding whitespace allowed); empty text counts as 0 like a blank.
    static func number(parsing text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return 0 }
        guard let value = Double(trimmed), value.isFinite,
            trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) })
        else { return nil }
        return value
    }

    /// The value as a date: dates as is, text parsed as ISO 8601 (zone-less text in `timeZone`).
    func dateValue(in timeZone: TimeZone, at position: Int) throws(FormulaError) -> Date {
        switch unwrapped {
        case .date(let date): return date
        case .text(let text):
            if let date = FormulaDateParser.iso8601(text, timeZone: timeZone) { return date }
            throw FormulaError.evaluation("Cannot interpret \"\(text)\" as a date", at: position)
        case .blank:
            throw FormulaError.evaluation("Expected a date but the value is blank", at: position)
        case .number, .bool, .list:
            throw FormulaError.evaluation("Expected a date but got \(unwrapped.kindName)", at: position)
        }
    }

    var kindName: String {
        switch self {
        case .blank: "blank"
        case .number: "a number"
        case .text: "text"
        case .bool: "a boolean"
        case .date: "a date"
        case .list: "a list"
        }
    }
}
