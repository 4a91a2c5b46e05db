import Foundation

/// Proleptic Gregorian calendar arithmetic in one time zone, done with integer day counts rather than
/// `Calendar` so that per-record date functions stay allocation-free.
struct FormulaCalendar {
    /// A local date and time broken into fields.
    struct Fields: Equatable {
        var year: Int
        var month: Int // 1...12
        var day: Int // 1...31
        var hour = 0
        var minute = 0
        var second = 0
        var millisecond = 0

        /// 0 = Sunday … 6 = Saturday.
        var weekday: Int {
            let days = FormulaCalendar.days(year: year, month: month, day: day)
            return ((days % 7) + 11) % 7 // 1970-01-01 was a Thursday
        }

        /// 1 for January 1st.
        var dayOfYear: Int {
            FormulaCalendar.days(year: year, month: month, day: day) - FormulaCalendar.days(year: year, month: 1, day: 1) + 1
        }
    }

    let timeZone: TimeZone

    /// JavaScript's date range (±100,000,000 days around 1970), which Airtable's dates share.
    static let supportedSeconds: ClosedRange<TimeInterval> = -8.64e12...8.64e12

    static func isSupported(_ date: Date) -> Bool {
        supportedSeconds.contains(date.timeIntervalSince1970)
    }

    /// The local fields of an instant, to the millisecond; instants outside the supported range are clamped to it.
    func fields(of date: Date) -> Fields {
        let seconds = min(max(date.timeIntervalSince1970, Self.supportedSeconds.lowerBound), Self.supportedSeconds.upperBound)
        let utcMilliseconds = Int64((seconds.isNaN ? 0 : seconds * 1000).rounded())
        let offset = Int64(timeZone.secondsFromGMT(for: date)) * 1000
        let local = utcMilliseconds + offset
        let dayMilliseconds: Int64 = 86_400_000
        let days = local.floorDivided(by: dayMilliseconds)
        var rest = Int(local - days * dayMilliseconds)
        let (year, month, day) = Self.civil(fromDays: Int(days))
        let millisecond = rest % 1000
        rest /= 1000
        return Fields(
            year: year, month: month, day: day, hour: rest / 3600, minute: rest / 60 % 60,
            second: rest % 60, millisecond: millisecond)
    }

    /// The instant of local fields; out-of-range fields roll over (month 13 is January next year, day 0 the last
    /// day of the previous month). Local times skipped or repeated by a DST change resolve like moment.js does.
    func date(from fields: Fields) -> Date {
        let monthIndex = fields.year * 12 + (fields.month - 1)
        let year = monthIndex.floorDivided(by: 12)
        let month = monthIndex - year * 12 + 1
        let days = Self.days(year: year, month: month, day: 1) + fields.day - 1
        let localSeconds =
            Double(days) * 86_400 + Double(fields.hour * 3600 + fields.minute * 60 + fields.second)
            + Double(fields.millisecond) / 1000
        let guess = Date(timeIntervalSince1970: localSeconds - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: localSeconds))))
        return Date(timeIntervalSince1970: localSeconds - Double(timeZone.secondsFromGMT(for: guess)))
    }

    /// Offset from UTC at an instant, in seconds.
    func offsetSeconds(at date: Date) -> Int {
        timeZone.secondsFromGMT(for: date)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        days(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1) - days(year: year, month: month, day: 1)
    }

    /// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension BinaryInteger {
    /// Division rounding toward negative infinity, for dates before 1970.
    func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
