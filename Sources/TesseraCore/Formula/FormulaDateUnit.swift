/// A unit for DATEADD, DATETIME_DIFF and IS_SAME, spelled as moment.js accepts it.
enum FormulaDateUnit: Sendable {
    case millisecond, second, minute, hour, day, week, month, quarter, year

    /// Long forms are case-insensitive and may be plural ("Days"); short forms are case-sensitive
    /// because moment tells months ("M") from minutes ("m").
    init?(_ text: String) {
        switch text {
        case "ms": self = .millisecond
        case "s": self = .second
        case "m": self = .minute
        case "h": self = .hour
        case "d", "D": self = .day
        case "w", "W": self = .week
        case "M": self = .month
        case "Q": self = .quarter
        case "y", "Y": self = .year
        default:
            var name = text.lowercased()
            if name.hasSuffix("s") { name.removeLast() }
            switch name {
            case "millisecond": self = .millisecond
            case "second": self = .second
            case "minute": self = .minute
            case "hour": self = .hour
            case "day": self = .day
            case "week", "isoweek": self = .week
            case "month": self = .month
            case "quarter": self = .quarter
            case "year": self = .year
            default: return nil
            }
        }
    }

    /// Fixed length in seconds for units that have one (days and weeks are handled on the calendar).
    var fixedSeconds: Double? {
        switch self {
        case .millisecond: 0.001
        case .second: 1
        case .minute: 60
        case .hour: 3600
        case .day, .week, .month, .quarter, .year: nil
        }
    }
}
