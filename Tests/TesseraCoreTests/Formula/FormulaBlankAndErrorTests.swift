import Foundation
import Testing

@testable import TesseraCore

@Suite("Formula blanks, unknown fields and run-time errors")
struct FormulaBlankAndErrorTests {
    static let blankCases: [FormulaCase] = [
        FormulaCase("{Empty} & ''", .text("")),
        FormulaCase("{Empty} + 0", .number(0)),
        FormulaCase("{Empty} * 5", .number(0)),
        FormulaCase("LEN({Empty})", .number(0)),
        FormulaCase("{Empty} = ''", .bool(true)),
        FormulaCase("{Empty} = 0", .bool(true)),
        FormulaCase("'' = BLANK()", .bool(true)),
        FormulaCase("0 = BLANK()", .bool(true)),
        FormulaCase("BLANK() = BLANK()", .bool(true)),
        FormulaCase("{Empty} = BLANK()", .bool(true)),
        FormulaCase("{Empty} != ''", .bool(false)),
        FormulaCase("{Empty} != 0", .bool(false)),
        FormulaCase("{Empty} = 'x'", .bool(false)),
        FormulaCase("{Empty} = 1", .bool(false)),
        FormulaCase("{Empty} < 1", .bool(true)),
        FormulaCase("{Empty} > -1", .bool(true)),
        FormulaCase("{Empty} < 'a'", .bool(true)),
        FormulaCase("{Empty} >= 0", .bool(true)),
        FormulaCase("IF({Empty}, 'y', 'n')", .text("n")),
        FormulaCase("NOT({Empty})", .bool(true)),
        FormulaCase("BLANK() & 'a'", .text("a")),
        FormulaCase("UPPER({Empty})", .text("")),
        FormulaCase("{Empty} = {NoTags}", .bool(true)),
        FormulaCase("{Zero} = BLANK()", .bool(true)),
        FormulaCase("{Off} = BLANK()", .bool(true)),
        FormulaCase("{Name} = BLANK()", .bool(false)),
        FormulaCase("IF(0, 1) = BLANK()", .bool(true)),
        FormulaCase("SEARCH('z', 'a') = BLANK()", .bool(true)),
        FormulaCase("{Empty} & {Empty} = ''", .bool(true)),
        FormulaCase("COUNTALL({Empty})", .number(1)),
        FormulaCase("COUNTA({Empty})", .number(0)),
        FormulaCase("{NoTags}", .list([])),
        FormulaCase("{Empty}", .blank),
        FormulaCase("{Tags}", .list([.text("red"), .text("blue")])),
    ]

    @Test(arguments: blankCases)
    func blankSemantics(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    static let evaluationErrors: [FormulaErrorCase] = [
        FormulaErrorCase("1/0", "Division by zero", at: 1),
        FormulaErrorCase("{Count} / {Zero}", "Division by zero", at: 8),
        FormulaErrorCase("1 / {Empty}", "Division by zero", at: 2),
        FormulaErrorCase("1 + (2 / (1 - 1))", "Division by zero", at: 7),
        FormulaErrorCase("IF(1/0, 1, 2)", "Division by zero", at: 4),
        FormulaErrorCase("UPPER(1/0)", "Division by zero", at: 7),
        FormulaErrorCase("'x' & 1/0", "Division by zero", at: 7),
        FormulaErrorCase("AND(1, 1/0)", "Division by zero", at: 8),
        FormulaErrorCase("MOD(1, 0)", "MOD by zero", at: 0),
        FormulaErrorCase("SQRT(-1)", "SQRT of a negative number", at: 0),
        FormulaErrorCase("LOG(0)", "LOG needs a positive number and a positive base other than 1", at: 0),
        FormulaErrorCase("LOG(8, 1)", "LOG needs a positive number and a positive base other than 1", at: 0),
        FormulaErrorCase("POWER(10, 400)", "Result is not a finite number", at: 0),
        FormulaErrorCase("POWER(-8, 0.5)", "Result is not a finite number", at: 0),
        FormulaErrorCase("SUM(POWER(10, 308), POWER(10, 308))", "Result is not a finite number", at: 0),
        FormulaErrorCase("'abc' * 2", #"Cannot use text "abc" as a number"#, at: 6),
        FormulaErrorCase("-{Name}", #"Cannot use text "Alice Smith" as a number"#, at: 0),
        FormulaErrorCase("{Tags} + 1", "Cannot use a list of several values as a number", at: 7),
        FormulaErrorCase("{Due} * 2", "Cannot use a date as a number (use DATETIME_DIFF)", at: 6),
        FormulaErrorCase("DATEADD({Empty}, 1, 'days')", "Expected a date but the value is blank", at: 0),
        FormulaErrorCase("YEAR('soon')", #"Cannot interpret "soon" as a date"#, at: 0),
        FormulaErrorCase("YEAR(2024)", "Expected a date but got a number", at: 0),
        FormulaErrorCase("IS_BEFORE({Due}, {Tags})", "Expected a date but got a list", at: 0),
        FormulaErrorCase("REGEX_EXTRACT('abc', '[0-9]')", "REGEX_EXTRACT found no match", at: 0),
        FormulaErrorCase("REGEX_MATCH('a', {Name} & '(')", #"Invalid regular expression "Alice Smith(": missing closing )"#, at: 0),
        FormulaErrorCase("REPT('x', -1)", "REPT count must not be negative", at: 0),
        FormulaErrorCase("WEEKDAY({Due}, 'Friday')", #"WEEKDAY start day must be "Sunday" or "Monday""#, at: 0),
        FormulaErrorCase("VALUE('abc')", #"VALUE cannot read a number from "abc""#, at: 0),
        FormulaErrorCase("DATETIME_DIFF({Due}, {Start Date}, 'eons')", #"Unknown date unit "eons""#, at: 0),
        FormulaErrorCase("DATEADD({Due}, 1, 'fortnights')", #"Unknown date unit "fortnights""#, at: 0),
        FormulaErrorCase("DATEADD({Due}, 100000000, 'days')", "DATEADD amount is out of range", at: 0),
        FormulaErrorCase("DATETIME_PARSE('garbage')", #"DATETIME_PARSE cannot read "garbage""#, at: 0),
        FormulaErrorCase("DATETIME_PARSE('2024-13-45')", #"DATETIME_PARSE cannot read "2024-13-45""#, at: 0),
        FormulaErrorCase("DATETIME_PARSE('2024-02-30')", #"DATETIME_PARSE cannot read "2024-02-30""#, at: 0),
        FormulaErrorCase("DATETIME_PARSE('31/02/2024', 'DD/MM/YYYY')", #"DATETIME_PARSE cannot read "31/02/2024""#, at: 0),
        FormulaErrorCase("DATETIME_PARSE('1:00 XM', 'h:mm A')", #"DATETIME_PARSE cannot read "1:00 XM""#, at: 0),
        FormulaErrorCase(
            "DATETIME_PARSE('2024-03-05', 'YYYY-MM-DD', 'fr')",
            #"DATETIME_PARSE supports only English locales, not "fr""#, at: 0),
        FormulaErrorCase("LEFT('abc', 1000000000000000)", "Number 1000000000000000 is out of range", at: 0),
        FormulaErrorCase("2 * DATETIME_FORMAT(BLANK())", "Expected a date but the value is blank", at: 4),
        FormulaErrorCase("DATEADD({Due}, POWER(10, 20), 'seconds')", "Date is out of range", at: 0),
        FormulaErrorCase("DATETIME_PARSE('99999999999999', 'X')", "Date is out of range", at: 0),
    ]

    @Test(arguments: evaluationErrors)
    func runTimeErrorsCarryMessageAndPosition(_ testCase: FormulaErrorCase) throws {
        let formula = try Formula(testCase.formula)
        #expect(throws: FormulaError(.evaluation, testCase.message, position: testCase.position)) {
            try formula.evaluate(in: FormulaTestContext.standard)
        }
    }

    @Test(arguments: evaluationErrors)
    func recordsWithRunTimeErrorsDoNotMatch(_ testCase: FormulaErrorCase) throws {
        #expect(try Formula(testCase.formula).matches(FormulaTestContext.standard) == false)
    }

    static let unknownFields: [FormulaErrorCase] = [
        FormulaErrorCase("{Nope} = 1", "Unknown field names: Nope", at: 0),
        FormulaErrorCase("1 + Nope", "Unknown field names: Nope", at: 4),
        FormulaErrorCase("AND({Name}, {Missing Field})", "Unknown field names: Missing Field", at: 12),
        FormulaErrorCase("{name} = 'Alice Smith'", "Unknown field names: name", at: 0),
        FormulaErrorCase("IF(1, {Nope}, 1/0)", "Unknown field names: Nope", at: 6),
    ]

    @Test(arguments: unknownFields)
    func unknownFieldFailsEvaluation(_ testCase: FormulaErrorCase) throws {
        let formula = try Formula(testCase.formula)
        let expected = FormulaError(.unknownField, testCase.message, position: testCase.position)
        #expect(throws: expected) { try formula.evaluate(in: FormulaTestContext.standard) }
        #expect(throws: expected) { try formula.matches(FormulaTestContext.standard) }
    }

    @Test
    func datesBeyondJavaScriptRangeAreClampedNotFatal() throws {
        var context = FormulaTestContext.standard
        context.fields["Far"] = .date(Date(timeIntervalSince1970: 1e20))
        #expect(try evaluateFormula("YEAR({Far})", in: context) == .number(275_760))
        #expect(try evaluateFormula("{Far} & ''", in: context) == .text("275760-09-13T00:00:00.000Z"))
        #expect(try evaluateFormula("{Far} > {Due}", in: context) == .bool(true))
    }

    @Test
    func validationReportsFieldsNoRecordReaches() throws {
        let formula = try Formula("IF(0, {Nope}, {Name})")
        #expect(try formula.evaluate(in: FormulaTestContext.standard) == .text("Alice Smith"))
        #expect(throws: FormulaError(.unknownField, "Unknown field names: Nope", position: 6)) {
            try formula.validateFieldNames(["Name"])
        }
        try formula.validateFieldNames(["Name", "Nope"])
    }

    @Test
    func oneFormulaServesConcurrentEvaluations() async throws {
        let formula = try Formula("REGEX_MATCH({Name}, {Pattern}) & '|' & REGEX_REPLACE({Name}, '[aeiou]', '_')")
        let results = await withTaskGroup(of: FormulaValue?.self) { group in
            for index in 0..<200 {
                group.addTask {
                    var context = FormulaTestContext.standard
                    context.fields["Pattern"] = .text(index.isMultiple(of: 2) ? "^Al" : "^Bo\(index % 7)")
                    return try? formula.evaluate(in: context)
                }
            }
            var results: [FormulaValue?] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(results.count == 200)
        #expect(results.filter { $0 == .text("1|Al_c_ Sm_th") }.count == 100)
        #expect(results.filter { $0 == .text("0|Al_c_ Sm_th") }.count == 100)
    }
}
