import Foundation

/// How `=`, `!=`, `<`, `>`, `<=`, `>=` and SWITCH compare values.
extension FormulaValue {
    /// Orders two values the Airtable way, or returns nil when they cannot be ordered (a date against a non-date).
    /// Dates compare as instants (text on the other side is read as ISO 8601); text compares case-sensitively;
    /// blank is "" against text and 0 against numbers; a number against numeric text compares numerically.
    static func compare(_ lhs: FormulaValue, _ rhs: FormulaValue, timeZone: TimeZone) -> ComparisonResult? {
        let left = lhs.unwrapped
        let right = rhs.unwrapped
        switch (left, right) {
        case (.blank, .blank):
            return .orderedSame
        case (.date, _), (_, .date):
            guard let leftDate = left.comparableDate(in: timeZone),
                let rightDate = right.comparableDate(in: timeZone)
            else { return nil }
            return order(leftDate.timeIntervalSince1970, rightDate.timeIntervalSince1970)
        case (.list, _), (_, .list), (.text, .text), (.text, .blank), (.blank, .text):
            return order(left.textValue, right.textValue)
        case (.text(let text), _), (_, .text(let text)):
            // One side is text, the other a number or boolean.
            guard let number = number(parsing: text) else { return order(left.textValue, right.textValue) }
            let other = left.isText ? right.plainNumber : left.plainNumber
            return left.isText ? order(number, other) : order(other, number)
        default:
            return order(left.plainNumber, right.plainNumber)
        }
    }

    private var isText: Bool {
        if case .text = self { return true }
        return false
    }

    /// Blank, number or boolean as a number (callers have excluded the other kinds).
    private var plainNumber: Double {
        switch self {
        case .number(let value): value
        case .bool(let value): value ? 1 : 0
        default: 0
        }
    }

    private func comparableDate(in timeZone: TimeZone) -> Date? {
        switch self {
        case .date(let date): date
        case .text(let text): FormulaDateParser.iso8601(text, timeZone: timeZone)
        default: nil
        }
    }

    private static func order<T: Comparable>(_ lhs: T, _ rhs: T) -> ComparisonResult {
        lhs < rhs ? .orderedAscending : (lhs == rhs ? .orderedSame : .orderedDescending)
    }
}
