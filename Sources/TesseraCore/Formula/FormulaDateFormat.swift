/// A moment.js format string split into tokens and literal text.
///
/// Supported tokens: `YYYY YY Q M MM MMM MMMM D DD Do DDD DDDD d dd ddd dddd H HH h hh k kk m mm s ss
/// S SS SSS A a Z ZZ X x`, the English localized formats `LT LTS L LL LLL LLLL l ll lll llll`, and `[literal]`
/// text in square brackets. Any other character is literal.
struct FormulaDateFormat: Sendable {
    enum Token: String, CaseIterable, Sendable {
        case year4 = "YYYY", year2 = "YY", quarter = "Q"
        case month = "M", month2 = "MM", monthShort = "MMM", monthLong = "MMMM"
        case day = "D", day2 = "DD", dayOrdinal = "Do", dayOfYear = "DDD", dayOfYear3 = "DDDD"
        case weekday = "d", weekdayMin = "dd", weekdayShort = "ddd", weekdayLong = "dddd"
        case hour24 = "H", hour24Padded = "HH", hour12 = "h", hour12Padded = "hh"
        case hour24From1 = "k", hour24From1Padded = "kk"
        case minute = "m", minute2 = "mm", second = "s", second2 = "ss"
        case tenths = "S", hundredths = "SS", milliseconds = "SSS"
        case meridiemUpper = "A", meridiemLower = "a", offsetColon = "Z", offsetCompact = "ZZ"
        case unixSeconds = "X", unixMilliseconds = "x"
    }

    enum Component: Equatable, Sendable {
        case token(Token)
        case literal(Character)
    }

    let components: [Component]

    /// Expansions of moment's English localized formats.
    private static let localized: [(String, String)] = [
        ("LLLL", "dddd, MMMM D, YYYY h:mm A"), ("llll", "ddd, MMM D, YYYY h:mm A"),
        ("LLL", "MMMM D, YYYY h:mm A"), ("lll", "MMM D, YYYY h:mm A"), ("LTS", "h:mm:ss A"),
        ("LL", "MMMM D, YYYY"), ("ll", "MMM D, YYYY"), ("LT", "h:mm A"),
        ("L", "MM/DD/YYYY"), ("l", "M/D/YYYY"),
    ]

    /// Token spellings, longest first so that `MMMM` wins over `MM`.
    private static let tokensByLength: [Token] = Token.allCases.sorted { $0.rawValue.count > $1.rawValue.count }

    init(_ format: String) {
        var components: [Component] = []
        Self.append(format, to: &components, expandingLocalized: true)
        self.components = components
    }

    private static func append(_ format: String, to components: inout [Component], expandingLocalized: Bool) {
        var rest = Substring(format)
        while let first = rest.first {
            if first == "[" {
                guard let close = rest.firstIndex(of: "]") else {
                    components.append(.literal(first))
                    rest = rest.dropFirst()
                    continue
                }
                components += rest[rest.index(after: rest.startIndex)..<close].map { .literal($0) }
                rest = rest[rest.index(after: close)...]
                continue
            }
            if expandingLocalized, let (name, expansion) = localized.first(where: { rest.hasPrefix($0.0) }) {
                append(expansion, to: &components, expandingLocalized: false)
                rest = rest.dropFirst(name.count)
                continue
            }
            if let token = tokensByLength.first(where: { rest.hasPrefix($0.rawValue) }) {
                components.append(.token(token))
                rest = rest.dropFirst(token.rawValue.count)
                continue
            }
            components.append(.literal(first))
            rest = rest.dropFirst()
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
}
