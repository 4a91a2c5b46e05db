import Foundation

/// Reads dates from text: ISO 8601, moment.js format strings, and a few common US/English layouts.
enum FormulaDateParser {
    /// `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:mm[:ss[.SSS…]]` and `Z`, `±HH:mm`, `±HHmm` or `±HH`.
    /// Text without an offset is local time in `timeZone`.
    static func iso8601(_ text: String, timeZone: TimeZone) -> Date? {
        // Filters compare date cells with text literals per record: scan the UTF-8 in place, no copy.
        var text = text
        return text.withUTF8 { iso8601(ISOScanner(bytes: $0), timeZone: timeZone) }
    }

    private static func iso8601(_ scanner: ISOScanner, timeZone: TimeZone) -> Date? {
        var scanner = scanner
        scanner.skipSpaces()
        guard let year = scanner.digits(exactly: 4), scanner.skip("-"),
            let month = scanner.digits(exactly: 2), scanner.skip("-"),
            let day = scanner.digits(exactly: 2)
        else { return nil }
        var fields = FormulaCalendar.Fields(year: year, month: month, day: day)
        var offset: Int?
        if scanner.skip("T") || (scanner.skip(" ") && !scanner.atEnd) {
            guard let hour = scanner.digits(exactly: 2), scanner.skip(":"),
                let minute = scanner.digits(exactly: 2)
            else { return nil }
            fields.hour = hour
            fields.minute = minute
            if scanner.skip(":") {
                guard let second = scanner.digits(exactly: 2) else { return nil }
                fields.second = second
                if scanner.skip(".") || scanner.skip(",") {
                    guard let fraction = scanner.fractionMilliseconds() else { return nil }
                    fields.millisecond = fraction
                }
            }
            scanner.skipSpaces()
            if scanner.skip("Z") || scanner.skip("z") {
                offset = 0
            } else if let sign = scanner.sign() {
                guard let hours = scanner.digits(exactly: 2) else { return nil }
                _ = scanner.skip(":")
                let minutes = scanner.atEnd ? 0 : (scanner.digits(exactly: 2) ?? -1)
                guard minutes >= 0 else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
            }
        }
        scanner.skipSpaces()
        guard scanner.atEnd, isValid(fields) else { return nil }
        return makeDate(fields, offset: offset, timeZone: timeZone)
    }

    /// Parses `text` with a moment.js format. Like moment's forgiving mode, separators need not match exactly
    /// and input after the last token is ignored unless `requireFullMatch` is set.
    static func parse(
        _ text: String, format: FormulaDateFormat, calendar: FormulaCalendar, now: Date,
        requireFullMatch: Bool = false
    ) -> Date? {
        var reader = FormatReader(characters: Array(text))
        var parsed = ParsedFields()
        for component in format.components {
            switch component {
            case .literal(let character):
                if reader.peek == character { reader.index += 1 }
            case .token(let token):
                guard reader.read(token, into: &parsed) else { return nil }
            }
        }
        if requireFullMatch {
            while let next = reader.peek, next.isWhitespace { reader.index += 1 }
            guard reader.peek == nil else { return nil }
        }
        return parsed.date(calendar: calendar, now: now)
    }

    /// DATETIME_PARSE without a format: ISO 8601 first, then common US/English layouts.
    static func parseFlexible(_ text: String, calendar: FormulaCalendar, now: Date) -> Date? {
        if let date = iso8601(text, timeZone: calendar.timeZone) { return date }
        return fallbackFormats.lazy.compactMap {
            parse(text, format: $0, calendar: calendar, now: now, requireFullMatch: true)
        }.first
    }

    private static let fallbackFormats = [
        "M/D/YYYY h:mm:ss A", "M/D/YYYY h:mm A", "M/D/YYYY H:mm:ss", "M/D/YYYY H:mm", "M/D/YYYY",
        "MMMM D, YYYY h:mm A", "MMMM D, YYYY", "D MMMM YYYY", "YYYY/M/D",
    ].map(FormulaDateFormat.init)

    private static func isValid(_ f: FormulaCalendar.Fields) -> Bool {
        (1...12).contains(f.month) && f.day >= 1 && f.day <= FormulaCalendar.daysInMonth(year: f.year, month: f.month)
            && (0...23).contains(f.hour) && (0...59).contains(f.minute) && (0...59).contains(f.second)
    }

    private static func makeDate(_ fields: FormulaCalendar.Fields, offset: Int?, timeZone: TimeZone) -> Date? {
        guard let offset else { return FormulaCalendar(timeZone: timeZone).date(from: fields) }
        guard let fixed = TimeZone(secondsFromGMT: offset) else { return nil }
        return FormulaCalendar(timeZone: fixed).date(from: fields)
    }

    /// Byte scanner for the fixed ISO 8601 layout.
    private struct ISOScanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        }

        mutating func digits(exactly count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }

        /// Fraction of a second after the point, as whole milliseconds (extra digits are cut off).
        mutating func fractionMilliseconds() -> Int? {
            var milliseconds = 0
            var count = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                if count < 3 { milliseconds = milliseconds * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                count += 1
                index += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<max(count, 3) { milliseconds *= 10 }
            return milliseconds
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }

    /// What a format-driven parse found so far.
    private struct ParsedFields {
        var year: Int?
        var month: Int?
        var day: Int?
        var dayOfYear: Int?
        var hour: Int?
        var minute = 0
        var second = 0
        var millisecond = 0
        var isPM: Bool?
        var offset: Int?
        var unixSeconds: Double?

        /// Missing date parts default like moment.js: from `now` above the largest given unit, from the start below.
        func date(calendar: FormulaCalendar, now: Date) -> Date? {
            if let unixSeconds { return Date(timeIntervalSince1970: unixSeconds) }
            let today = calendar.fields(of: now)
            let year = self.year ?? today.year
            var fields = FormulaCalendar.Fields(year: year, month: 1, day: 1)
            if let dayOfYear {
                guard (1...366).contains(dayOfYear) else { return nil }
                let (y, m, d) = FormulaCalendar.civil(fromDays: FormulaCalendar.days(year: year, month: 1, day: 1) + dayOfYear - 1)
                guard y == year else { return nil }
                fields.month = m
                fields.day = d
            } else {
                fields.month = month ?? (self.year == nil ? today.month : 1)
                fields.day = day ?? (self.year == nil && month == nil ? today.day : 1)
            }
            var hour = self.hour ?? 0
            if let isPM {
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (isPM ? 12 : 0)
            }
            fields.hour = hour
            fields.minute = minute
            fields.second = second
            fields.millisecond = millisecond
            guard isValid(fields) else { return nil }
            return makeDate(fields, offset: offset, timeZone: calendar.timeZone)
        }
    }

    /// Character reader for format-driven parsing.
    private struct FormatReader {
        let characters: [Character]
        var index = 0

        var peek: Character? { index < characters.count ? characters[index] : nil }

        mutating func read(_ token: FormulaDateFormat.Token, into parsed: inout ParsedFields) -> Bool {
            switch token {
            case .year4: return number(maxDigits: 4).map { parsed.year = $0 } != nil
            case .year2: return number(maxDigits: 2).map { parsed.year = $0 + ($0 > 68 ? 1900 : 2000) } != nil
            case .quarter: return number(maxDigits: 1).map { parsed.month = ($0 - 1) * 3 + 1 } != nil
            case .month, .month2: return number(maxDigits: 2).map { parsed.month = $0 } != nil
            case .monthShort, .monthLong: return name(in: FormulaDateFormat.monthNames).map { parsed.month = $0 + 1 } != nil
            case .day, .day2: return number(maxDigits: 2).map { parsed.day = $0 } != nil
            case .dayOrdinal:
                guard let day = number(maxDigits: 2) else { return false }
                parsed.day = day
                for suffix in ["st", "nd", "rd", "th"] where matches(suffix) {
                    index += 2
                    break
                }
                return true
            case .dayOfYear, .dayOfYear3: return number(maxDigits: 3).map { parsed.dayOfYear = $0 } != nil
            case .weekday: return number(maxDigits: 1) != nil
            case .weekdayMin, .weekdayShort, .weekdayLong: return name(in: FormulaDateFormat.weekdayNames) != nil
            case .hour24, .hour24Padded, .hour12, .hour12Padded:
                return number(maxDigits: 2).map { parsed.hour = $0 } != nil
            case .hour24From1, .hour24From1Padded:
                return number(maxDigits: 2).map { parsed.hour = $0 % 24 } != nil
            case .minute, .minute2: return number(maxDigits: 2).map { parsed.minute = $0 } != nil
            case .second, .second2: return number(maxDigits: 2).map { parsed.second = $0 } != nil
            case .tenths: return number(maxDigits: 1).map { parsed.millisecond = $0 * 100 } != nil
            case .hundredths: return number(maxDigits: 2).map { parsed.millisecond = $0 * 10 } != nil
            case .milliseconds: return number(maxDigits: 3).map { parsed.millisecond = $0 } != nil
            case .meridiemUpper, .meridiemLower: return meridiem().map { parsed.isPM = $0 } != nil
            case .offsetColon, .offsetCompact: return zoneOffset().map { parsed.offset = $0 } != nil
            case .unixSeconds: return decimal().map { parsed.unixSeconds = $0 } != nil
            case .unixMilliseconds: return decimal().map { parsed.unixSeconds = $0 / 1000 } != nil
            }
        }

        /// Up to `maxDigits` digits, after skipping separators that did not match the format exactly.
        private mutating func number(maxDigits: Int) -> Int? {
            skipSeparators()
            var value = 0
            var count = 0
            while count < maxDigits, let next = peek, next.isASCII, let digit = next.wholeNumberValue {
                value = value * 10 + digit
                count += 1
                index += 1
            }
            return count > 0 ? value : nil
        }

        private mutating func decimal() -> Double? {
            while peek == " " { index += 1 }
            let start = index
            if peek == "-" { index += 1 }
            while let next = peek, next.isASCII, next.isNumber || next == "." { index += 1 }
            return Double(String(characters[start..<index]))
        }

        /// Index of the longest full or three-letter-abbreviated English name at the reader, case-insensitively.
        private mutating func name(in names: [String]) -> Int? {
            skipSeparators()
            for (position, name) in names.enumerated() where matches(name) {
                index += name.count
                return position
            }
            for (position, name) in names.enumerated() where matches(String(name.prefix(3))) {
                index += 3
                return position
            }
            return nil
        }

        private mutating func meridiem() -> Bool? {
            while peek == " " { index += 1 }
            for (spelling, isPM) in [("am", false), ("pm", true), ("a", false), ("p", true)] where matches(spelling) {
                index += spelling.count
                return isPM
            }
            return nil
        }

        private mutating func zoneOffset() -> Int? {
            while peek == " " { index += 1 }
            if peek == "Z" || peek == "z" {
                index += 1
                return 0
            }
            guard let signCharacter = peek, signCharacter == "+" || signCharacter == "-" else { return nil }
            index += 1
            guard let hours = fixedDigits(2) else { return nil }
            if peek == ":" { index += 1 }
            let minutes = fixedDigits(2) ?? 0
            return (signCharacter == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }

        private mutating func fixedDigits(_ count: Int) -> Int? {
            guard index + count <= characters.count else { return nil }
            var value = 0
            for character in characters[index..<index + count] {
                guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
                value = value * 10 + digit
            }
            index += count
            return value
        }

        private func matches(_ word: String) -> Bool {
            var position = index
            for expected in word {
                guard position < characters.count, characters[position].lowercased() == expected.lowercased() else {
                    return false
                }
                position += 1
            }
            return true
        }

        private mutating func skipSeparators() {
            while let next = peek, !next.isLetter, !next.isNumber { index += 1 }
        }
    }
}
