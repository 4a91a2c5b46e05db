import Foundation

/// Date functions. Calendar fields are read in the context's time zone; units follow moment.js.
extension FormulaEvaluator {
    func callDate(
        _ function: FormulaFunction, _ arguments: [FormulaNode],
        at position: Int
    ) throws(FormulaError) -> FormulaValue {
        switch function {
        case .now:
            return .date(context.now)
        case .today:
            return .date(startOf(.day, context.now))
        case .datetimeParse:
            return .date(try supported(try parse(arguments, at: position), at: position))
        case .datetimeFormat:
            let date = try date(arguments[0], at: position)
            guard arguments.count > 1 else { return .text(FormulaDateFormatter.iso8601(date)) }
            let format = dateFormats.format(for: try text(arguments[1]))
            let formatted = FormulaDateFormatter.string(from: date, format: format, calendar: calendar)
            try meter.reserveText(formatted.utf8.count, at: position)
            return .text(formatted)
        case .dateAdd:
            let date = try date(arguments[0], at: position)
            let count = try number(arguments[1], at: position)
            let unit = try unit(arguments[2], at: position)
            return .date(try supported(try add(count, unit, to: date, at: position), at: position))
        case .datetimeDiff:
            let later = try date(arguments[0], at: position)
            let earlier = try date(arguments[1], at: position)
            let unit = arguments.count > 2 ? try unit(arguments[2], at: position) : .second
            return .number(difference(from: earlier, to: later, in: unit))
        case .isBefore:
            return .bool(try date(arguments[0], at: position) < date(arguments[1], at: position))
        case .isAfter:
            return .bool(try date(arguments[0], at: position) > date(arguments[1], at: position))
        case .isSame:
            let first = try date(arguments[0], at: position)
            let second = try date(arguments[1], at: position)
            let unit = arguments.count > 2 ? try unit(arguments[2], at: position) : .millisecond
            return .bool(startOf(unit, first) == startOf(unit, second))
        case .year, .month, .day, .hour, .minute, .second:
            let fields = calendar.fields(of: try date(arguments[0], at: position))
            let value =
                switch function {
                case .year: fields.year
                case .month: fields.month
                case .day: fields.day
                case .hour: fields.hour
                case .minute: fields.minute
                default: fields.second
                }
            return .number(Double(value))
        case .weekday:
            let weekday = calendar.fields(of: try date(arguments[0], at: position)).weekday
            guard arguments.count > 1 else { return .number(Double(weekday)) }
            switch try text(arguments[1]).lowercased() {
            case "sunday": return .number(Double(weekday))
            case "monday": return .number(Double((weekday + 6) % 7))
            default: throw FormulaError.evaluation("WEEKDAY start day must be \"Sunday\" or \"Monday\"", at: position)
            }
        default:
            preconditionFailure("\(function) is not a date function")
        }
    }

    /// DATETIME_PARSE(text, [format], [locale]): without a format ISO 8601 and common layouts are tried.
    private func parse(_ arguments: [FormulaNode], at position: Int) throws(FormulaError) -> Date {
        let value = try evaluate(arguments[0]).unwrapped
        if case .date(let date) = value { return date }
        if arguments.count > 2 {
            let locale = try text(arguments[2]).lowercased()
            guard locale == "en" || locale.hasPrefix("en-") || locale.hasPrefix("en_") else {
                throw FormulaError.evaluation("DATETIME_PARSE supports only English locales, not \"\(locale)\"", at: position)
            }
        }
        let string = value.textValue
        let format = arguments.count > 1 ? try text(arguments[1]) : ""
        let parsed =
            format.isEmpty
            ? FormulaDateParser.parseFlexible(string, calendar: calendar, now: context.now)
            : FormulaDateParser.parse(string, format: dateFormats.format(for: format), calendar: calendar, now: context.now)
        guard let parsed else { throw FormulaError.evaluation("DATETIME_PARSE cannot read \"\(string)\"", at: position) }
        return parsed
    }

    private func supported(_ date: Date, at position: Int) throws(FormulaError) -> Date {
        guard FormulaCalendar.isSupported(date) else { throw FormulaError.evaluation("Date is out of range", at: position) }
        return date
    }

    private func unit(_ node: FormulaNode, at position: Int) throws(FormulaError) -> FormulaDateUnit {
        let name = try text(node)
        guard let unit = FormulaDateUnit(name) else {
            throw FormulaError.evaluation("Unknown date unit \"\(name)\"", at: position)
        }
        return unit
    }

    /// Fixed units add exact time; calendar units add whole days or months in the time zone, clamping the
    /// day to the target month's length (Jan 31 + 1 month = Feb 28/29), like moment.js.
    private func add(_ count: Double, _ unit: FormulaDateUnit, to date: Date, at position: Int) throws(FormulaError) -> Date {
        if let seconds = unit.fixedSeconds {
            return date.addingTimeInterval(try finite(count * seconds, at: position))
        }
        guard count.magnitude < 1e7 else { throw FormulaError.evaluation("DATEADD amount is out of range", at: position) }
        let amount = Int(count.rounded(.toNearestOrAwayFromZero))
        var fields = calendar.fields(of: date)
        switch unit {
        case .day: fields.day += amount
        case .week: fields.day += amount * 7
        default:
            let months = amount * (unit == .year ? 12 : unit == .quarter ? 3 : 1)
            let monthIndex = fields.year * 12 + fields.month - 1 + months
            fields.year = Int((Double(monthIndex) / 12).rounded(.down))
            fields.month = monthIndex - fields.year * 12 + 1
            fields.day = min(fields.day, FormulaCalendar.daysInMonth(year: fields.year, month: fields.month))
        }
        return calendar.date(from: fields)
    }

    /// `to - from` in whole units, cut toward zero (moment's diff). Days ignore DST shifts; months count
    /// calendar months, so Jan 31 → Feb 28 is 0 months.
    private func difference(from earlier: Date, to later: Date, in unit: FormulaDateUnit) -> Double {
        let seconds = later.timeIntervalSince(earlier)
        if let unitSeconds = unit.fixedSeconds {
            return (seconds / unitSeconds).rounded(.towardZero)
        }
        switch unit {
        case .day, .week:
            let localSeconds = seconds + Double(calendar.offsetSeconds(at: later) - calendar.offsetSeconds(at: earlier))
            return (localSeconds / (unit == .day ? 86_400 : 604_800)).rounded(.towardZero)
        default:
            let months = wholeMonths(from: earlier, to: later)
            let perUnit = unit == .year ? 12 : unit == .quarter ? 3 : 1
            return Double(months / perUnit)
        }
    }

    private func wholeMonths(from earlier: Date, to later: Date) -> Int {
        let start = calendar.fields(of: earlier)
        let end = calendar.fields(of: later)
        var months = (end.year - start.year) * 12 + (end.month - start.month)
        var anchor = start
        anchor.year = start.year + Int((Double(start.month - 1 + months) / 12).rounded(.down))
        anchor.month = ((start.month - 1 + months) % 12 + 12) % 12 + 1
        anchor.day = min(start.day, FormulaCalendar.daysInMonth(year: anchor.year, month: anchor.month))
        let anchorDate = calendar.date(from: anchor)
        if later >= earlier, anchorDate > later { months -= 1 }
        if later < earlier, anchorDate < later { months += 1 }
        return months
    }

    /// The first instant of the unit (in the time zone) that contains `date`; weeks start on Sunday.
    private func startOf(_ unit: FormulaDateUnit, _ date: Date) -> Date {
        var fields = calendar.fields(of: date)
        switch unit {
        case .millisecond: return date
        case .second: fields.millisecond = 0
        case .minute: (fields.second, fields.millisecond) = (0, 0)
        case .hour: (fields.minute, fields.second, fields.millisecond) = (0, 0, 0)
        case .day, .week, .month, .quarter, .year:
            switch unit {
            case .week: fields.day -= fields.weekday
            case .month: fields.day = 1
            case .quarter: (fields.month, fields.day) = ((fields.month - 1) / 3 * 3 + 1, 1)
            case .year: (fields.month, fields.day) = (1, 1)
            default: break
            }
            (fields.hour, fields.minute, fields.second, fields.millisecond) = (0, 0, 0, 0)
        }
        return calendar.date(from: fields)
    }
}
