import Testing

@testable import TesseraCore

/// REGEX_MATCH, REGEX_EXTRACT and REGEX_REPLACE through whole formulas, on the RE2 engine.
@Suite("Formula regular expression functions")
struct FormulaRegexFunctionTests {
    static let regexCases: [FormulaCase] = [
        FormulaCase(#"REGEX_MATCH('2024-03-15', '^\\d{4}-\\d{2}-\\d{2}$')"#, .bool(true)),
        FormulaCase(#"REGEX_MATCH('line one\nline two', '^line two$')"#, .bool(false)),
        FormulaCase(#"REGEX_MATCH('line one\nline two', '(?m)^line two$')"#, .bool(true)),
        FormulaCase("REGEX_MATCH('naïve café 😀', 'caf. 😀$')", .bool(true)),
        FormulaCase("REGEX_MATCH({Name}, '(?i:ALICE) Smith')", .bool(true)),
        FormulaCase("REGEX_MATCH('', '')", .bool(true)),
        FormulaCase("REGEX_MATCH({Empty}, '^$')", .bool(true)),
        FormulaCase(#"REGEX_MATCH(12.5, '^12\\.5$')"#, .bool(true)),
        FormulaCase("REGEX_EXTRACT('<a><b>', '<.+?>')", .text("<a>")),
        FormulaCase("REGEX_EXTRACT('<a><b>', '<.+>')", .text("<a><b>")),
        FormulaCase("REGEX_EXTRACT('ab', 'a|ab')", .text("a")),
        FormulaCase(#"REGEX_EXTRACT('mail bob@example.com now', '(\\w+)@(\\w+)\\.com')"#, .text("bob@example.com")),
        FormulaCase(#"REGEX_EXTRACT('on 2024-03-15', '(?P<year>\\d{4})')"#, .text("2024")),
        FormulaCase("REGEX_EXTRACT('naïve café 😀', '[^ ]+$')", .text("😀")),
        FormulaCase("REGEX_EXTRACT('naïve café 😀', 'ï.*é')", .text("ïve café")),
        FormulaCase("REGEX_EXTRACT({Tags}, 'b[a-z]+')", .text("blue")),
        FormulaCase("REGEX_REPLACE('abc', '', '-')", .text("-a-b-c-")),
        FormulaCase("REGEX_REPLACE('baaac', 'a*', '-')", .text("-b-c-")),
        FormulaCase("REGEX_REPLACE('a😀b', '', '.')", .text(".a.😀.b.")),
        FormulaCase(#"REGEX_REPLACE('2024-03-15', '(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1')"#, .text("15/03/2024")),
        FormulaCase("REGEX_REPLACE('abc', 'b', '[$0]')", .text("a[b]c")),
        FormulaCase(#"REGEX_REPLACE('cost 5', '(\\d)', '\\$$1')"#, .text("cost $5")),
        FormulaCase("REGEX_REPLACE('naïve café', 'é|ï', 'e')", .text("naeve cafe")),
        FormulaCase("REGEX_REPLACE('Hello World', '(?i)[aeiou]', '*')", .text("H*ll* W*rld")),
        FormulaCase("REGEX_REPLACE('aaa', 'a*?', '-')", .text("-a-a-a-")),
    ]

    @Test(arguments: regexCases)
    func evaluates(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    static let refusedLiterals: [FormulaErrorCase] = [
        FormulaErrorCase(
            #"REGEX_MATCH({Name}, '(a)\\1')"#,
            #"Invalid regular expression "(a)\1": backreferences such as \1 are not supported at position 0"#,
            at: 0),
        FormulaErrorCase(
            "NOT(REGEX_MATCH({Name}, '(?=Alice)'))",
            #"Invalid regular expression "(?=Alice)": lookaround (?= is not supported at position 4"#,
            at: 4),
        FormulaErrorCase(
            "REGEX_EXTRACT({Name}, 'a++')",
            #"Invalid regular expression "a++": possessive quantifier ++ is not supported at position 0"#,
            at: 0),
        FormulaErrorCase(
            "REGEX_REPLACE({Name}, '((a{1000}){1000}){1000}', '')",
            #"Invalid regular expression "((a{1000}){1000}){1000}": nested repetition counts multiply to more than 1000 at position 0"#,
            at: 0),
    ]

    @Test(arguments: refusedLiterals)
    func refusedLiteralPatternsAreSyntaxErrors(_ testCase: FormulaErrorCase) {
        #expect(throws: FormulaError(.syntax, testCase.message, position: testCase.position)) {
            try Formula(testCase.formula)
        }
    }

    @Test
    func refusedComputedPatternsAreRunTimeErrors() throws {
        let formula = try Formula(#"REGEX_MATCH({Name}, {Pattern})"#)
        var context = FormulaTestContext.standard
        context.fields["Pattern"] = .text(#"(\w)\1"#)
        let message = #"Invalid regular expression "(\w)\1": backreferences such as \1 are not supported"#
        #expect(throws: FormulaError(.evaluation, message, position: 0)) { try formula.evaluate(in: context) }
        #expect(try formula.matches(context) == false)
    }

    @Test
    func replacingWithQuadraticWorkGoesOverTheBudget() throws {
        var context = FormulaTestContext.standard
        context.fields["Run"] = .text(String(repeating: "a", count: 2_000))
        let formula = try Formula("REGEX_REPLACE({Run}, 'a*b|a', '')")
        let error = #expect(throws: FormulaError.self) { try formula.evaluate(in: context) }
        #expect(error?.kind == .budgetExceeded)
        #expect(error?.message.hasPrefix("REGEX_REPLACE stopped: replacing every match needs over") == true)
        #expect(throws: FormulaError.self) { try formula.matches(context) }
    }

    @Test
    func pathologicalPatternsOnLongCellsFinish() throws {
        var context = FormulaTestContext.standard
        context.fields["Long"] = .text(String(repeating: "a", count: 20_000))
        #expect(try evaluateFormula("REGEX_MATCH({Long}, '(a*)*b')", in: context) == .bool(false))
        #expect(try evaluateFormula("REGEX_MATCH({Long}, '(a|a)*$')", in: context) == .bool(true))
        #expect(try evaluateFormula("LEN(REGEX_EXTRACT({Long}, '(a+)+'))", in: context) == .number(20_000))
        #expect(try evaluateFormula("LEN(REGEX_REPLACE({Long}, '(x+x+)+y', ''))", in: context) == .number(20_000))
    }
}
