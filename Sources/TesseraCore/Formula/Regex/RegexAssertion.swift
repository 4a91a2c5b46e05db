/// A zero-width test of the position between two scalars: RE2's `^ $ \A \z \b \B`.
enum RegexAssertion: Sendable {
    /// `\A`, and `^` outside multi-line mode.
    case beginText
    /// `\z`, and `$` outside multi-line mode (RE2's `$` does not match before a final newline).
    case endText
    /// `^` in multi-line mode.
    case beginLine
    /// `$` in multi-line mode.
    case endLine
    /// `\b`: an ASCII word character on exactly one side.
    case wordBoundary
    /// `\B`
    case notWordBoundary

    /// Whether the assertion holds between `previous` and `next`; nil stands for the text's start or end.
    func holds(after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
        switch self {
        case .beginText: previous == nil
        case .endText: next == nil
        case .beginLine: previous == nil || previous == "\n"
        case .endLine: next == nil || next == "\n"
        case .wordBoundary: Self.isWord(previous) != Self.isWord(next)
        case .notWordBoundary: Self.isWord(previous) == Self.isWord(next)
        }
    }

    /// RE2's `\b` looks at ASCII word characters only, like `\w`.
    private static func isWord(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return RegexCharacterClass.word.contains(scalar)
    }
}
