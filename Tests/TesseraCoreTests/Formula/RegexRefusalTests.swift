import Testing

@testable import TesseraCore

/// A pattern RE2 refuses and why.
struct RegexRefusalCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let code: RegexError.Code

    init(_ pattern: String, _ code: RegexError.Code) {
        self.pattern = pattern
        self.code = code
    }

    var testDescription: String { pattern.count > 40 ? "\(pattern.prefix(40))… (\(pattern.count) characters)" : pattern }
}

@Suite("Regex engine: patterns RE2 refuses")
struct RegexRefusalTests {
    static let refusals: [RegexRefusalCase] = [
        // Features that need backtracking
        RegexRefusalCase(#"(a)\1"#, .backreference),
        RegexRefusalCase(#"(a)\9"#, .backreference),
        RegexRefusalCase("(?=a)", .lookaround),
        RegexRefusalCase("(?!a)", .lookaround),
        RegexRefusalCase("(?<=a)b", .lookaround),
        RegexRefusalCase("(?<!a)b", .lookaround),
        RegexRefusalCase("a*+", .possessiveQuantifier),
        RegexRefusalCase("a++", .possessiveQuantifier),
        RegexRefusalCase("a?+", .possessiveQuantifier),
        RegexRefusalCase("a{2}+", .possessiveQuantifier),
        RegexRefusalCase("(?>a)", .invalidGroup),
        // Size limits
        RegexRefusalCase("a{1001}", .repetitionSize),
        RegexRefusalCase("a{2,1001}", .repetitionSize),
        RegexRefusalCase("a{1001,}", .repetitionSize),
        RegexRefusalCase("a{99999999999999999999}", .repetitionSize),
        RegexRefusalCase("a{3,2}", .repetitionSize),
        RegexRefusalCase("((a{1000}){1000}){1000}", .repetitionSize),
        RegexRefusalCase("(a{10}){101}", .repetitionSize),
        RegexRefusalCase("(?:" + String(repeating: "ab", count: 60) + "){1000}", .patternTooLarge),
        RegexRefusalCase(String(repeating: "a", count: RegexCompiler.maximumInstructionCount), .patternTooLarge),
        RegexRefusalCase(String(repeating: "(", count: 251) + String(repeating: ")", count: 251), .nestingTooDeep),
        // Syntax errors
        RegexRefusalCase("(", .missingParenthesis),
        RegexRefusalCase("(a|b", .missingParenthesis),
        RegexRefusalCase("(?i", .missingParenthesis),
        RegexRefusalCase(")", .unexpectedParenthesis),
        RegexRefusalCase("a)", .unexpectedParenthesis),
        RegexRefusalCase("[a", .missingBracket),
        RegexRefusalCase("[]", .missingBracket),
        RegexRefusalCase("[z-a]", .invalidClassRange),
        RegexRefusalCase("[[:foo:]]", .invalidClassRange),
        RegexRefusalCase(#"\"#, .trailingBackslash),
        RegexRefusalCase(#"[a\"#, .trailingBackslash),
        RegexRefusalCase(#"\q"#, .invalidEscape),
        RegexRefusalCase(#"\Z"#, .invalidEscape),
        RegexRefusalCase(#"\C"#, .invalidEscape),
        RegexRefusalCase(#"\é"#, .invalidEscape),
        RegexRefusalCase(#"[\b]"#, .invalidEscape),
        RegexRefusalCase(#"\x{110000}"#, .invalidEscape),
        RegexRefusalCase(#"\x{}"#, .invalidEscape),
        RegexRefusalCase(#"\x{41"#, .invalidEscape),
        RegexRefusalCase(#"\xZ1"#, .invalidEscape),
        RegexRefusalCase("*", .missingRepetitionArgument),
        RegexRefusalCase("a|*", .missingRepetitionArgument),
        RegexRefusalCase("(*)", .missingRepetitionArgument),
        RegexRefusalCase("{2}", .missingRepetitionArgument),
        RegexRefusalCase("a**", .badRepetitionOperator),
        RegexRefusalCase("a*?*", .badRepetitionOperator),
        RegexRefusalCase("a{2}{3}", .badRepetitionOperator),
        RegexRefusalCase("(?P<n>a)(?P<n>b)", .duplicateGroupName),
        RegexRefusalCase("(?P<>a)", .invalidGroupName),
        RegexRefusalCase("(?P<a-b>a)", .invalidGroupName),
        RegexRefusalCase("(?P=n)", .invalidGroupName),
        RegexRefusalCase("(?<n", .invalidGroupName),
        RegexRefusalCase("(?x)", .invalidGroup),
        RegexRefusalCase("(?)", .invalidGroup),
        RegexRefusalCase("(?i-)", .invalidGroup),
        RegexRefusalCase("(?--i)", .invalidGroup),
        RegexRefusalCase("(?#comment)", .invalidGroup),
        RegexRefusalCase(#"\p{Greek}"#, .invalidClass),
        RegexRefusalCase(#"\pX"#, .invalidClass),
        RegexRefusalCase(#"\p{L"#, .invalidClass),
    ]

    @Test(arguments: refusals)
    func refuses(_ testCase: RegexRefusalCase) {
        let error = #expect(throws: RegexError.self) { try LinearRegex(testCase.pattern) }
        #expect(error?.code == testCase.code, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        (#"(a)\1"#, #"backreferences such as \1 are not supported"#),
        ("x(?<=a)", "lookaround (?<= is not supported"),
        ("a*+", "possessive quantifier *+ is not supported"),
        ("a{1001}", "invalid repetition size {1001} (counts go up to 1000)"),
        ("((a{1000}){1000}){1000}", "nested repetition counts multiply to more than 1000"),
        ("[a-c", "missing closing ] after [a-c"),
        ("(?P<n>a)(?P<n>b)", "duplicate capture group name n"),
    ])
    func explainsTheRefusal(_ pattern: String, _ message: String) {
        let error = #expect(throws: RegexError.self) { try LinearRegex(pattern) }
        #expect(error?.message == message)
    }

    @Test
    func acceptsWhatIsJustWithinTheLimits() throws {
        _ = try LinearRegex("a{1000}")
        _ = try LinearRegex("(a{10}){100}")
        _ = try LinearRegex(String(repeating: "a", count: RegexCompiler.maximumInstructionCount - 3))
        let deepest = String(repeating: "(", count: 250) + "a" + String(repeating: ")", count: 250)
        #expect(try LinearRegex(deepest).firstMatch(in: "xa") == "a")
    }
}
