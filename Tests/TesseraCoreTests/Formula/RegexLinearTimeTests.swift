import Testing

@testable import TesseraCore

/// A pattern that makes backtracking engines take exponential time, with a text that triggers it.
struct PathologicalRegexCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let text: String
    let matches: Bool

    init(_ pattern: String, _ text: String, matches: Bool) {
        self.pattern = pattern
        self.text = text
        self.matches = matches
    }

    var testDescription: String { "/\(pattern)/ on \(text.unicodeScalars.count) scalars" }
}

/// Work is counted in instructions visited (`PikeVM.steps`), never in wall time: a search visits each
/// instruction at most twice per position, so steps ≤ 2 × instructions × (scalars + 1).
@Suite("Regex engine: linear time on pathological patterns")
struct RegexLinearTimeTests {
    static let pathological: [PathologicalRegexCase] = [
        PathologicalRegexCase("(a*)*b", String(repeating: "a", count: 100_000), matches: false),
        PathologicalRegexCase("(x+x+)+y", String(repeating: "x", count: 100_000), matches: false),
        PathologicalRegexCase("(a|a)*b", String(repeating: "a", count: 30_000), matches: false),
        PathologicalRegexCase("(a+)+$", String(repeating: "a", count: 30_000) + "!", matches: false),
        PathologicalRegexCase("(a|aa)+$", String(repeating: "a", count: 10_000) + "!", matches: false),
        PathologicalRegexCase(#"^(\w+\s?)*$"#, String(repeating: "word ", count: 2_000) + "!", matches: false),
        PathologicalRegexCase("(.*a){12}", String(repeating: "a", count: 5_000), matches: true),
        PathologicalRegexCase("(?i)(é|É)*ß", String(repeating: "é", count: 10_000), matches: false),
        PathologicalRegexCase("(a*)*b", String(repeating: "a", count: 10_000) + "b", matches: true),
    ]

    @Test(arguments: pathological)
    func stepsStayWithinTwiceProgramSizeTimesTextLength(_ testCase: PathologicalRegexCase) throws {
        let program = try RegexProgram(pattern: testCase.pattern)
        let text = testCase.text
        let bound = 2 * program.instructions.count * (text.unicodeScalars.count + 1)

        var extraction = PikeVM(program: program)
        let match = try extraction.firstMatch(in: text.unicodeScalars, from: text.startIndex, groups: program.groupCount)
        #expect((match != nil) == testCase.matches)
        #expect(extraction.steps <= bound)

        var existence = PikeVM(program: program)
        let exists = try existence.hasMatch(in: text.unicodeScalars, from: text.startIndex)
        #expect(exists == testCase.matches)
        #expect(existence.steps <= bound)
    }

    @Test(arguments: ["(a*)*b", "(a|a)*b", "(a+)+$", "(x+x+)+y"])
    func doublingTheTextAtMostDoublesTheSteps(_ pattern: String) throws {
        let program = try RegexProgram(pattern: pattern)
        func steps(_ length: Int) throws -> Int {
            let text = String(repeating: pattern.contains("x") ? "x" : "a", count: length) + "!"
            var machine = PikeVM(program: program)
            _ = try machine.firstMatch(in: text.unicodeScalars, from: text.startIndex, groups: program.groupCount)
            return machine.steps
        }
        let single = try steps(2_000)
        let double = try steps(4_000)
        // Quadratic work would make it four times as many.
        #expect(double <= 2 * single + 4 * program.instructions.count)
    }

    /// Replacing every match runs one search per match; a search that reads far past its match makes that
    /// quadratic (`x*y|x` on "xxx…" reads to the end each time), so the replacement has a step budget.
    @Test
    func replacingEveryMatchStopsAtItsStepBudget() throws {
        let quadratic = try LinearRegex("x*y|x")
        let error = #expect(throws: RegexError.self) {
            try quadratic.replacingMatches(in: String(repeating: "x", count: 2_000), with: "")
        }
        #expect(error?.code == .replacementTooCostly)
        #expect(try quadratic.replacingMatches(in: "xxy x", with: "-") == "- -")
        let ordinary = String(repeating: "id 42, ", count: 10_000)
        #expect(try LinearRegex("[0-9]+").replacingMatches(in: ordinary, with: "#") == String(repeating: "id #, ", count: 10_000))
    }

    /// A caller with a time budget gets asked every `checkpointInterval` steps whether to go on.
    @Test
    func longSearchesAskWhetherToGoOnAndStopWhenTold() throws {
        let program = try RegexProgram(pattern: "(a|a)*b")
        let text = String(repeating: "a", count: 30_000)
        var machine = PikeVM(program: program)
        var checkpoints = 0
        let exists = try machine.hasMatch(in: text.unicodeScalars, from: text.startIndex) {
            checkpoints += 1
            return true
        }
        #expect(exists == false)
        // Asked at the first position past each interval, so a little less often than every interval.
        #expect(checkpoints <= machine.steps / PikeVM.checkpointInterval)
        #expect(checkpoints >= machine.steps / (PikeVM.checkpointInterval + 2 * program.instructions.count))
        #expect(checkpoints >= 5)

        var stopped = PikeVM(program: program)
        let error = #expect(throws: RegexError.self) {
            try stopped.hasMatch(in: text.unicodeScalars, from: text.startIndex) { false }
        }
        #expect(error?.code == .stopped)
        #expect(stopped.steps < PikeVM.checkpointInterval + 2 * program.instructions.count)
    }

    @Test
    func anchoredPatternsTryOnlyTheTextStart() throws {
        let program = try RegexProgram(pattern: "^(a|b)+c")
        let text = "x" + String(repeating: "ab", count: 10_000)
        var machine = PikeVM(program: program)
        let exists = try machine.hasMatch(in: text.unicodeScalars, from: text.startIndex)
        #expect(exists == false)
        #expect(machine.steps <= 2 * program.instructions.count)
    }
}
