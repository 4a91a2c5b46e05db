import Foundation

/// Parsing and formatting of the stored date forms. All stored instants are UTC.
enum CellDates {
    private static let utc = TimeZone(identifier: "UTC")!

    static func parseDay(_ text: String) -> Date? {
        let parts = text.prefix(10).split(separator: "-")
        guard text.count == 10 || (text.count > 10 && text[text.index(text.startIndex, offsetBy: 10)] == "T"),
            parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return date(year: year, month: month, day: day)
    }

    /// ISO 8601 instants, with or without fractional seconds, `Z` or an offset; a bare day is midnight UTC.
    static func parseInstant(_ text: String) -> Date? {
        if text.count == 10 { return parseDay(text) }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }

    /// What typecast accepts beyond ISO: US and European day orders, month names, epoch seconds.
    static func parseLoose(_ text: String) -> Date? {
        if let seconds = Double(text) {
            return seconds > 0 && FormulaCalendar.supportedSeconds.contains(seconds) ? Date(timeIntervalSince1970: seconds) : nil
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = utc
        for format in [
            "M/d/yyyy", "M/d/yyyy H:mm", "M/d/yyyy h:mm a", "yyyy/M/d", "d.M.yyyy", "MMMM d, yyyy", "MMM d, yyyy",
            "d MMMM yyyy", "d MMM yyyy", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
        ] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    static func formatDay(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// `2024-03-01T12:30:00.250Z`. Written by hand, digits into the string's own storage and the
    /// date computed from the day count: every `createdTime` of every record listed goes through
    /// here, and Foundation's formatters (or even `gmtime_r` with a `String` per part) cost more
    /// than reading the record.
    static func formatInstant(_ date: Date) -> String {
        // Stored instants are checked on the way in; clamping keeps any other date from trapping.
        let seconds = date.timeIntervalSince1970.isNaN ? 0 : date.timeIntervalSince1970
        let clamped = min(max(seconds, FormulaCalendar.supportedSeconds.lowerBound), FormulaCalendar.supportedSeconds.upperBound)
        let milliseconds = Int64((clamped * 1000).rounded())
        let millisecondsPerDay: Int64 = 86_400_000
        let days = milliseconds.floorDivided(by: millisecondsPerDay)
        let ofDay = Int(milliseconds - days * millisecondsPerDay)
        let (year, month, day) = FormulaCalendar.civil(fromDays: Int(days))
        guard (0...9999).contains(year) else {
            return String(
                format: "%d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day, ofDay / 3_600_000, ofDay / 60_000 % 60, ofDay / 1000 % 60, ofDay % 1000)
        }
        return String(unsafeUninitializedCapacity: 24) { text in
            func put(_ value: Int, digits: Int, at offset: Int) {
                var rest = value
                for index in (offset..<offset + digits).reversed() {
                    text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, digits: 4, at: 0)
            put(month, digits: 2, at: 5)
            put(day, digits: 2, at: 8)
            put(ofDay / 3_600_000, digits: 2, at: 11)
            put(ofDay / 60_000 % 60, digits: 2, at: 14)
            put(ofDay / 1000 % 60, digits: 2, at: 17)
            put(ofDay % 1000, digits: 3, at: 20)
            text[4] = UInt8(ascii: "-")
            text[7] = UInt8(ascii: "-")
            text[10] = UInt8(ascii: "T")
            text[13] = UInt8(ascii: ":")
            text[16] = UInt8(ascii: ":")
            text[19] = UInt8(ascii: ".")
            text[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        return calendar
    }

    private static func date(year: Int, month: Int, day: Int) -> Date? {
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}

extension Date {
    /// The API's timestamp form: UTC ISO 8601 with milliseconds, as Airtable writes `createdTime`.
    public var apiTimestamp: String { CellDates.formatInstant(self) }
}
