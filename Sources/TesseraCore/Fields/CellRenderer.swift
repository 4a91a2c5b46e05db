import Foundation

/// Turns stored cells into what the API returns: `json` (typed values, select names) or
/// `string` (text as shown in the grid, for `cellFormat=string`).
public struct CellRenderer: Sendable {
    public enum Format: String, Sendable {
        case json
        case string
    }

    public let format: Format
    public let timeZone: TimeZone
    public let locale: Locale

    public init(format: Format = .json, timeZone: TimeZone = TimeZone(identifier: "UTC")!, locale: Locale = Locale(identifier: "en_US")) {
        self.format = format
        self.timeZone = timeZone
        self.locale = locale
    }

    /// The value of `field` in `record`, or nil for an empty cell (omitted, as Airtable does).
    public func render(_ field: Field, of record: Record) -> JSONValue? {
        switch field.type {
        case .createdTime:
            return render(instant: record.createdTime, field)
        case .lastModifiedTime:
            return render(instant: record.lastModifiedTime ?? record.createdTime, field)
        case .autoNumber:
            return format == .json ? .number(Double(record.autoNumber)) : .string(String(record.autoNumber))
        default:
            guard let stored = record.cells[field.id] else { return nil }
            return format == .json ? json(stored, field) : .string(text(stored, field))
        }
    }

    private func json(_ stored: JSONValue, _ field: Field) -> JSONValue {
        switch field.type {
        case .singleSelect:
            return .string(choiceName(stored.stringValue, field))
        case .multipleSelects:
            return .array((stored.arrayValue ?? []).map { .string(choiceName($0.stringValue, field)) })
        default:
            return stored
        }
    }

    private func render(instant: Date, _ field: Field) -> JSONValue {
        format == .json ? .string(CellDates.formatInstant(instant)) : .string(dateTimeText(instant))
    }

    private func choiceName(_ id: String?, _ field: Field) -> String {
        field.choices.first { $0.id == id }?.name ?? id ?? ""
    }

    // MARK: - String format

    private func text(_ stored: JSONValue, _ field: Field) -> String {
        let precision = Int(field.options?["precision"]?.numberValue ?? 0)
        switch field.type {
        case .number:
            return NumberText.grouped(stored.numberValue ?? 0, precision: precision)
        case .currency:
            let symbol = field.options?["symbol"]?.stringValue ?? "$"
            let amount = stored.numberValue ?? 0
            return (amount < 0 ? "-" : "") + symbol + NumberText.grouped(abs(amount), precision: precision)
        case .percent:
            return NumberText.grouped((stored.numberValue ?? 0) * 100, precision: precision) + "%"
        case .rating:
            return NumberText.plain(stored.numberValue ?? 0)
        case .duration:
            return durationText(stored.numberValue ?? 0, format: field.options?["durationFormat"]?.stringValue ?? "h:mm")
        case .checkbox:
            return "checked"
        case .singleSelect:
            return choiceName(stored.stringValue, field)
        case .multipleSelects:
            return (stored.arrayValue ?? []).map { choiceName($0.stringValue, field) }.joined(separator: ", ")
        case .date:
            guard let day = stored.stringValue.flatMap(CellDates.parseDay) else { return stored.stringValue ?? "" }
            return dayText(day)
        case .dateTime:
            guard let instant = stored.stringValue.flatMap(CellDates.parseInstant) else { return stored.stringValue ?? "" }
            return dateTimeText(instant)
        default:
            return stored.stringValue ?? NumberText.plain(stored.numberValue ?? 0)
        }
    }

    private func dayText(_ day: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "M/d/yyyy"
        return formatter.string(from: day)
    }

    private func dateTimeText(_ instant: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = timeZone
        formatter.dateFormat = "M/d/yyyy h:mma"
        return formatter.string(from: instant).lowercased()
    }

    private func durationText(_ seconds: Double, format: String) -> String {
        let whole = Int(seconds.rounded(.down))
        let hours = whole / 3600, minutes = (whole % 3600) / 60, secs = whole % 60
        switch format {
        case "h:mm:ss": return String(format: "%d:%02d:%02d", hours, minutes, secs)
        case "h:mm:ss.S", "h:mm:ss.SS", "h:mm:ss.SSS":
            let digits = format.count - "h:mm:ss.".count
            let fraction = seconds - Double(whole)
            let scaled = Int((fraction * pow(10, Double(digits))).rounded())
            return String(format: "%d:%02d:%02d.%0\(digits)d", hours, minutes, secs, scaled)
        default: return String(format: "%d:%02d", hours, minutes)
        }
    }
}
