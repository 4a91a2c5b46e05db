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
    /// The people and linked records the rendered cells name, where the caller loaded them.
    public var related: RelatedValues

    public static let utc = TimeZone(identifier: "UTC") ?? .gmt

    public init(format: Format = .json, timeZone: TimeZone = utc, locale: Locale = Locale(identifier: "en_US"), related: RelatedValues = RelatedValues()) {
        self.format = format
        self.timeZone = timeZone
        self.locale = locale
        self.related = related
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
        case .createdBy:
            return record.createdBy.map { collaborators([.string($0)], single: true) }
        case .lastModifiedBy:
            return (record.lastModifiedBy ?? record.createdBy).map { collaborators([.string($0)], single: true) }
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
        case .singleCollaborator:
            return collaborators([stored], single: true)
        case .multipleCollaborators:
            return collaborators(stored.arrayValue ?? [], single: false)
        case .multipleLookupValues:
            let result = ResultType(json: field.options?["result"])?.type
            guard result == .singleCollaborator || result == .multipleCollaborators || result == .createdBy || result == .lastModifiedBy else {
                return stored
            }
            return collaborators(stored.arrayValue ?? [], single: false)
        default:
            return stored
        }
    }

    /// Airtable's collaborator objects (`{id, email, name}`), for the people `related` knows;
    /// anyone else by id alone.
    private func collaborators(_ ids: [JSONValue], single: Bool) -> JSONValue {
        let objects = ids.compactMap(\.stringValue).map { id in
            related.users[id].map(CollaboratorDirectory.json) ?? ["id": .string(id)]
        }
        return single ? objects.first ?? .null : .array(objects)
    }

    private func render(instant: Date, _ field: Field) -> JSONValue {
        format == .json ? .string(CellDates.formatInstant(instant)) : .string(dateTimeText(instant))
    }

    private func choiceName(_ id: String?, _ field: Field) -> String {
        field.choices.first { $0.id == id }?.name ?? id ?? ""
    }

    // MARK: - String format

    private func text(_ stored: JSONValue, _ field: Field) -> String {
        let precision = Self.precision(field)
        if stored.objectValue?["error"] != nil { return "#ERROR!" }
        if let special = stored.objectValue?["specialValue"]?.stringValue { return special }
        switch field.type {
        case .multipleRecordLinks:
            return (stored.arrayValue ?? []).compactMap(\.stringValue).map { related.linkNames[$0] ?? $0 }.joined(separator: ", ")
        case .singleCollaborator, .multipleCollaborators, .createdBy, .lastModifiedBy:
            let ids = stored.arrayValue ?? [stored]
            return ids.compactMap(\.stringValue).map { related.users[$0]?.name ?? $0 }.joined(separator: ", ")
        case .multipleLookupValues, .rollup, .formula:
            // Shown as the field they compute would show them, item by item.
            let result = ResultType(json: field.options?["result"]) ?? ResultType(.singleLineText)
            let shown = Field(id: field.id, name: field.name, type: result.type, options: result.options)
            return (stored.arrayValue ?? [stored]).map { text($0, shown) }.joined(separator: ", ")
        case .count:
            return NumberText.plain(stored.numberValue ?? 0)
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

    /// Stored options are checked when a field is made, but a cell must render whatever the
    /// database holds, so the precision is clamped rather than trusted.
    private static func precision(_ field: Field) -> Int {
        let stored = field.options?["precision"]?.numberValue ?? 0
        return stored.isFinite ? Int(min(max(stored.rounded(.down), 0), 8)) : 0
    }

    /// `h:mm[:ss[.S…]]` with a leading minus for negative durations. Computed in Double, so
    /// any stored number renders (hours beyond Int's range print in full, not as a trap).
    private func durationText(_ seconds: Double, format: String) -> String {
        // Past 10^15 s (31 million years) the clock fields mean nothing: whole hours only.
        guard abs(seconds) < 1e15 else { return NumberText.plain((seconds / 3600).rounded(.towardZero)) + ":00" }
        let digits = format.hasPrefix("h:mm:ss.") ? format.count - "h:mm:ss.".count : 0
        let scale = pow(10, Double(digits))
        // Round once at the shown precision, so 59.9996 s at "h:mm:ss.SSS" carries into the minute.
        let ticks = (abs(seconds) * scale).rounded()
        let wholeSeconds = (ticks / scale).rounded(.down)
        let hours = (wholeSeconds / 3600).rounded(.down)
        // Beyond 2^53 seconds the subtraction loses precision; clamping keeps the fields in range.
        let minutes = Int(min(max(((wholeSeconds - hours * 3600) / 60).rounded(.down), 0), 59))
        let secs = Int(min(max(wholeSeconds - hours * 3600 - Double(minutes) * 60, 0), 59))
        var text = (seconds < 0 && ticks > 0 ? "-" : "") + NumberText.plain(hours) + String(format: ":%02d", minutes)
        guard format != "h:mm" else { return text }
        text += String(format: ":%02d", secs)
        if digits > 0 {
            let fraction = Int(min(max(ticks - wholeSeconds * scale, 0), scale - 1))
            text += "." + String(format: "%0\(digits)d", fraction)
        }
        return text
    }
}
