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
        if let seconds = Double(text), seconds > 0 { return Date(timeIntervalSince1970: seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = utc
        for format in ["M/d/yyyy", "M/d/yyyy H:mm", "M/d/yyyy h:mm a", "yyyy/M/d", "d.M.yyyy", "MMMM d, yyyy", "MMM d, yyyy",
                       "d MMMM yyyy", "d MMM yyyy", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    static func formatDay(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// `2024-03-01T12:30:00.250Z`. Written by hand: building an `ISO8601DateFormatter` per call
    /// cost more than reading the record it was formatting (every `createdTime` goes through here).
    static func formatInstant(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (wholeSeconds, millisecond) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var seconds = time_t(millisecond < 0 ? wholeSeconds - 1 : wholeSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Digits by hand too: `String(format:)` goes through CoreFoundation's format parser.
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func append(_ number: Int, digits: Int, then separator: Character) {
            let decimal = String(number).utf8
            text += repeatElement(UInt8(ascii: "0"), count: max(0, digits - decimal.count))
            text += decimal
            text.append(separator.asciiValue!)
        }
        append(Int(parts.tm_year) + 1900, digits: 4, then: "-")
        append(Int(parts.tm_mon) + 1, digits: 2, then: "-")
        append(Int(parts.tm_mday), digits: 2, then: "T")
        append(Int(parts.tm_hour), digits: 2, then: ":")
        append(Int(parts.tm_min), digits: 2, then: ":")
        append(Int(parts.tm_sec), digits: 2, then: ".")
        append(Int(millisecond < 0 ? millisecond + 1000 : millisecond), digits: 3, then: "Z")
        return String(decoding: text, as: UTF8.self)
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
