/// One step of a compiled pattern, as the Pike VM runs it. Targets are instruction indices.
enum RegexInstruction: Sendable {
    /// Consumes exactly this scalar.
    case scalar(Unicode.Scalar)
    /// Consumes one scalar the class matches; the class is the program's `characterClasses[index]`, kept
    /// apart so that instructions are plain values, cheap to copy at every step.
    case characterClass(index: Int)
    /// Consumes any scalar (`.` under `(?s)`).
    case anyScalar
    /// Consumes any scalar but `\n` (`.`).
    case anyScalarExceptNewline
    /// Goes on at both targets; threads at `preferred` have priority (leftmost-first).
    case split(preferred: Int, alternative: Int)
    case jump(Int)
    /// Records the current position in a capture slot (group n has slots 2n and 2n+1).
    case save(slot: Int)
    case assertion(RegexAssertion)
    case match
}
