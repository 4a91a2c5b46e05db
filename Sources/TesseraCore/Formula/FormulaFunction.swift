/// Every function the formula language knows, resolved from its name at parse time so evaluation never compares strings.
enum FormulaFunction: String, CaseIterable, Sendable {
    // Logical and record
    case and = "AND", or = "OR", not = "NOT", xor = "XOR", `if` = "IF", `switch` = "SWITCH"
    case blank = "BLANK", `true` = "TRUE", `false` = "FALSE"
    case recordID = "RECORD_ID", createdTime = "CREATED_TIME", lastModifiedTime = "LAST_MODIFIED_TIME"
    // Text
    case find = "FIND", search = "SEARCH", lower = "LOWER", upper = "UPPER", len = "LEN"
    case left = "LEFT", right = "RIGHT", mid = "MID", trim = "TRIM", substitute = "SUBSTITUTE"
    case replace = "REPLACE", concatenate = "CONCATENATE", rept = "REPT", t = "T", value = "VALUE"
    case encodeURLComponent = "ENCODE_URL_COMPONENT"
    case regexMatch = "REGEX_MATCH", regexExtract = "REGEX_EXTRACT", regexReplace = "REGEX_REPLACE"
    // Numeric
    case abs = "ABS", ceiling = "CEILING", floor = "FLOOR", int = "INT", round = "ROUND"
    case roundUp = "ROUNDUP", roundDown = "ROUNDDOWN", mod = "MOD", power = "POWER", sqrt = "SQRT"
    case exp = "EXP", log = "LOG", even = "EVEN", odd = "ODD", min = "MIN", max = "MAX", sum = "SUM"
    case average = "AVERAGE", count = "COUNT", countA = "COUNTA", countAll = "COUNTALL"
    // Date
    case datetimeParse = "DATETIME_PARSE", datetimeFormat = "DATETIME_FORMAT", dateAdd = "DATEADD"
    case datetimeDiff = "DATETIME_DIFF", isBefore = "IS_BEFORE", isAfter = "IS_AFTER", isSame = "IS_SAME"
    case today = "TODAY", now = "NOW", year = "YEAR", month = "MONTH", day = "DAY", hour = "HOUR"
    case minute = "MINUTE", second = "SECOND", weekday = "WEEKDAY"
    // Arrays (lookups, rollups' values, multiple selects)
    case arrayJoin = "ARRAYJOIN", arrayUnique = "ARRAYUNIQUE", arrayCompact = "ARRAYCOMPACT"
    case arrayFlatten = "ARRAYFLATTEN", arraySlice = "ARRAYSLICE"

    /// Looks a function up by name, case-insensitively.
    init?(name: String) {
        self.init(rawValue: name.uppercased())
    }

    /// How many arguments a call may pass.
    var arity: ClosedRange<Int> {
        switch self {
        case .blank, .true, .false, .recordID, .createdTime, .today, .now: 0...0
        // LAST_MODIFIED_TIME({Field}, …): when any of those fields last changed.
        case .lastModifiedTime: 0...Int.max
        case .not, .lower, .upper, .len, .trim, .t, .value, .encodeURLComponent, .abs, .int, .sqrt,
            .exp, .even, .odd, .year, .month, .day, .hour, .minute, .second, .arrayUnique, .arrayCompact, .arrayFlatten:
            1...1
        case .arrayJoin: 1...2
        case .arraySlice: 2...3
        case .and, .or, .xor, .concatenate, .min, .max, .sum, .average, .count, .countA, .countAll:
            1...Int.max
        case .if: 2...3
        case .switch: 2...Int.max
        case .find, .search: 2...3
        case .left, .right, .rept, .regexMatch, .regexExtract, .mod, .power, .isBefore, .isAfter: 2...2
        case .mid, .regexReplace, .dateAdd: 3...3
        case .substitute: 3...4
        case .replace: 4...4
        case .ceiling, .floor, .round, .roundUp, .roundDown, .log, .datetimeFormat, .weekday: 1...2
        case .datetimeParse: 1...3
        case .datetimeDiff, .isSame: 2...3
        }
    }

    /// Names the arity in an error message, e.g. "exactly 2", "at least 1", "2 to 3".
    var arityDescription: String {
        let range = arity
        if range.lowerBound == range.upperBound { return "exactly \(range.lowerBound)" }
        if range.upperBound == Int.max { return "at least \(range.lowerBound)" }
        return "\(range.lowerBound) to \(range.upperBound)"
    }
}
