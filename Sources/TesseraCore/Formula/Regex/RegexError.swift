/// Why a pattern was refused: RE2 syntax errors, and the features RE2 leaves out because they need
/// backtracking (backreferences, lookaround, possessive quantifiers) or would make the program too large;
/// or why a search was given up.
struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case missingParenthesis
        case unexpectedParenthesis
        case missingBracket
        case trailingBackslash
        case invalidEscape
        case backreference
        case lookaround
        case invalidGroup
        case invalidGroupName
        case duplicateGroupName
        case missingRepetitionArgument
        case badRepetitionOperator
        case possessiveQuantifier
        case repetitionSize
        case invalidClassRange
        case invalidClass
        case nestingTooDeep
        case patternTooLarge
        case replacementTooCostly
        case stopped
    }

    let code: Code
    /// Human text naming the offending part of the pattern, e.g. "backreferences such as \1 are not supported".
    let message: String

    var description: String { message }

    static func missingParenthesis() -> RegexError {
        RegexError(code: .missingParenthesis, message: "missing closing )")
    }

    static func unexpectedParenthesis() -> RegexError {
        RegexError(code: .unexpectedParenthesis, message: "unexpected )")
    }

    static func missingBracket(_ fragment: String) -> RegexError {
        RegexError(code: .missingBracket, message: "missing closing ] after \(fragment)")
    }

    static func trailingBackslash() -> RegexError {
        RegexError(code: .trailingBackslash, message: "trailing \\")
    }

    static func invalidEscape(_ fragment: String) -> RegexError {
        RegexError(code: .invalidEscape, message: "invalid escape sequence \(fragment)")
    }

    static func backreference(_ fragment: String) -> RegexError {
        RegexError(code: .backreference, message: "backreferences such as \(fragment) are not supported")
    }

    static func lookaround(_ fragment: String) -> RegexError {
        RegexError(code: .lookaround, message: "lookaround \(fragment) is not supported")
    }

    static func invalidGroup(_ fragment: String) -> RegexError {
        RegexError(code: .invalidGroup, message: "invalid or unsupported group syntax \(fragment)")
    }

    static func invalidGroupName(_ fragment: String) -> RegexError {
        RegexError(code: .invalidGroupName, message: "invalid named capture group \(fragment)")
    }

    static func duplicateGroupName(_ name: String) -> RegexError {
        RegexError(code: .duplicateGroupName, message: "duplicate capture group name \(name)")
    }

    static func missingRepetitionArgument(_ fragment: String) -> RegexError {
        RegexError(code: .missingRepetitionArgument, message: "missing argument to repetition operator \(fragment)")
    }

    static func badRepetitionOperator(_ fragment: String) -> RegexError {
        RegexError(code: .badRepetitionOperator, message: "bad repetition operator \(fragment)")
    }

    static func possessiveQuantifier(_ fragment: String) -> RegexError {
        RegexError(code: .possessiveQuantifier, message: "possessive quantifier \(fragment) is not supported")
    }

    static func repetitionSize(_ fragment: String) -> RegexError {
        RegexError(
            code: .repetitionSize,
            message: "invalid repetition size \(fragment) (counts go up to \(RegexParser.maximumRepetitionCount))")
    }

    static func nestedRepetitionSize() -> RegexError {
        RegexError(
            code: .repetitionSize,
            message: "nested repetition counts multiply to more than \(RegexParser.maximumRepetitionCount)")
    }

    static func invalidClassRange(_ fragment: String) -> RegexError {
        RegexError(code: .invalidClassRange, message: "invalid character class range \(fragment)")
    }

    static func invalidClass(_ fragment: String) -> RegexError {
        RegexError(code: .invalidClass, message: "invalid or unsupported character class \(fragment)")
    }

    static func nestingTooDeep() -> RegexError {
        RegexError(
            code: .nestingTooDeep,
            message: "groups nested more than \(RegexParser.maximumNestingDepth) deep")
    }

    static func patternTooLarge() -> RegexError {
        RegexError(
            code: .patternTooLarge,
            message: "pattern too large (over \(RegexCompiler.maximumInstructionCount) instructions once compiled)")
    }

    static func stopped() -> RegexError {
        RegexError(code: .stopped, message: "the search was stopped by its caller")
    }

    static func replacementTooCostly(steps: Int) -> RegexError {
        RegexError(
            code: .replacementTooCostly,
            message: "replacing every match needs over \(steps) steps, as the pattern reads far past its matches")
    }
}
