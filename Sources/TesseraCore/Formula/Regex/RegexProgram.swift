/// A compiled pattern: instructions for the Pike VM, starting at index 0 and ending in `.match`.
struct RegexProgram: Sendable {
    let instructions: [RegexInstruction]
    let characterClasses: [RegexCharacterClass]
    /// Capture groups including group 0, the whole match.
    let groupCount: Int
    /// Whether every match must start at the text's start (`^…`, `\A…`), so no later start is tried.
    let isAnchoredAtStart: Bool

    /// Parses and compiles an RE2 pattern.
    init(pattern: String) throws(RegexError) {
        self = try RegexCompiler.compile(try RegexParser.parse(pattern))
    }

    init(
        instructions: [RegexInstruction], characterClasses: [RegexCharacterClass], groupCount: Int,
        isAnchoredAtStart: Bool
    ) {
        self.instructions = instructions
        self.characterClasses = characterClasses
        self.groupCount = groupCount
        self.isAnchoredAtStart = isAnchoredAtStart
    }
}
