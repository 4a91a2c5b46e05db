import Foundation

/// Renders dates with moment.js format tokens (see `FormulaDateFormat` for the supported set).
enum FormulaDateFormatter {
    private static let utc = FormulaCalendar(timeZone: TimeZone(secondsFromGMT: 0)!)

    /// Airtable's text form of a date: `2024-01-15T10:30:00.000Z`, always in UTC.
    static func iso8601(_ date: Date) -> String {
        let f = utc.fields(of: date)
        return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):"
            + "\(pad(f.second, 2)).\(pad(f.millisecond, 3))Z"
    }

    static func string(from date: Date, format: FormulaDateFormat, calendar: FormulaCalendar) -> String {
        let fields = calendar.fields(of: date)
        var text = ""
        for component in format.components {
            switch component {
            case .literal(let character): text.append(character)
            case .token(let token): text += string(for: token, fields: fields, date: date, calendar: calendar)
            }
        }
        return text
    }

    private static func string(
        for token: FormulaDateFormat.Token, fields f: FormulaCalendar.Fields,
        date: Date, calendar: FormulaCalendar
    ) -> String {
        let hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12
        switch token {
        case .year4: return pad(f.year, 4)
        case .year2: return pad(((f.year % 100) + 100) % 100, 2)
        case .quarter: return String((f.month - 1) / 3 + 1)
        case .month: return String(f.month)
        case .month2: return pad(f.month, 2)
        case .monthShort: return String(FormulaDateFormat.monthNames[f.month - 1].prefix(3))
        case .monthLong: return FormulaDateFormat.monthNames[f.month - 1]
        case .day: return String(f.day)
        case .day2: return pad(f.day, 2)
        case .dayOrdinal: return ordinal(f.day)
        case .dayOfYear: return String(f.dayOfYear)
        case .dayOfYear3: return pad(f.dayOfYear, 3)
        case .weekday: return String(f.weekday)
        case .weekdayMin: return String(FormulaDateFormat.weekdayNames[f.weekday].prefix(2))
        case .weekdayShort: return String(FormulaDateFormat.weekdayNames[f.weekday].prefix(3))
        case .weekdayLong: return FormulaDateFormat.weekdayNames[f.weekday]
        case .hour24: return String(f.hour)
        case .hour24Padded: return pad(f.hour, 2)
        case .hour12: return String(hour12)
        case .hour12Padded: return pad(hour12, 2)
        case .hour24From1: return String(f.hour == 0 ? 24 : f.hour)
        case .hour24From1Padded: return pad(f.hour == 0 ? 24 : f.hour, 2)
        case .minute: return String(f.minute)
        case .minute2: return pad(f.minute, 2)
        case .second: return String(f.second)
        case .second2: return pad(f.second, 2)
        case .tenths: return String(f.millisecond / 100)
        case .hundredths: return pad(f.millisecond / 10, 2)
        case .milliseconds: return pad(f.millisecond, 3)
        case .meridiemUpper: return f.hour < 12 ? "AM" : "PM"
        case .meridiemLower: return f.hour < 12 ? "am" : "pm"
        case .offsetColon: return offset(calendar.offsetSeconds(at: date), separator: ":")
        case .offsetCompact: return offset(calendar.offsetSeconds(at: date), separator: "")
        case .unixSeconds: return NumberText.plain(supportedSeconds(date).rounded(.down))
        case .unixMilliseconds: return NumberText.plain((supportedSeconds(date) * 1000).rounded())
        }
    }

    /// Formula dates are checked where they are made; clamping keeps any other from trapping.
    private static func supportedSeconds(_ date: Date) -> Double {
        let seconds = date.timeIntervalSince1970
        return seconds.isNaN ? 0 : min(max(seconds, FormulaCalendar.supportedSeconds.lowerBound), FormulaCalendar.supportedSeconds.upperBound)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
        return value < 0 ? "-" + padded : padded
    }

    private static func ordinal(_ day: Int) -> String {
        let suffix =
            switch (day % 10, day % 100) {
            case (_, 11...13): "th"
            case (1, _): "st"
            case (2, _): "nd"
            case (3, _): "rd"
            default: "th"
            }
        return "\(day)\(suffix)"
    }

    private static func offset(_ seconds: Int, separator: String) -> String {
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + pad(minutes / 60, 2) + separator + pad(minutes % 60, 2)
    }
}
