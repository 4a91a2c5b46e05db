/// The flags RE2 lets a pattern set with `(?flags)` and `(?flags: … )`.
struct RegexFlags: OptionSet, Sendable {
    let rawValue: UInt8

    /// `i`: letters match their other cases.
    static let caseInsensitive = RegexFlags(rawValue: 1 << 0)
    /// `m`: `^` and `$` also match at line starts and ends, not only at the text's.
    static let multiLine = RegexFlags(rawValue: 1 << 1)
    /// `s`: `.` also matches `\n`.
    static let dotMatchesNewline = RegexFlags(rawValue: 1 << 2)
    /// `U`: `x*` is lazy and `x*?` greedy.
    static let ungreedy = RegexFlags(rawValue: 1 << 3)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The flag a letter in `(?…)` names, or nil for a letter RE2 does not know.
    init?(letter: Unicode.Scalar) {
        switch letter {
        case "i": self = .caseInsensitive
        case "m": self = .multiLine
        case "s": self = .dotMatchesNewline
        case "U": self = .ungreedy
        default: return nil
        }
    }
}
