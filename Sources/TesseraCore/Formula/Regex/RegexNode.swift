/// A parsed pattern, before compilation. Flags are already applied: case folding sits on literals and
/// classes, `(?s)` on `.`, `(?m)` on the anchors and `(?U)` on each repetition's greediness.
indirect enum RegexNode: Sendable {
    /// Matches the empty string: `()`, an empty alternative, `x{0}`.
    case empty
    case literal(Unicode.Scalar, foldsCase: Bool)
    case characterClass(RegexCharacterClass)
    /// `.`
    case anyScalar(matchesNewline: Bool)
    case assertion(RegexAssertion)
    /// A numbered group (1-based); group 0 is the whole match.
    case capture(index: Int, RegexNode)
    case concatenation([RegexNode])
    /// Alternatives in order of preference (leftmost first).
    case alternation([RegexNode])
    /// `x* x+ x? x{n,m}`; a nil maximum means unbounded.
    case repetition(RegexNode, minimum: Int, maximum: Int?, greedy: Bool)
}
