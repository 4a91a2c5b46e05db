import Foundation
import Testing

@testable import TesseraCore

@Suite("Formula operators")
struct FormulaOperatorTests {
    static let arithmeticCases: [FormulaCase] = [
        FormulaCase("1 + 2", .number(3)),
        FormulaCase("5 - 8", .number(-3)),
        FormulaCase("4 * 2.5", .number(10)),
        FormulaCase("7 / 2", .number(3.5)),
        FormulaCase("2 + 3 * 4", .number(14)),
        FormulaCase("2 * 3 + 4", .number(10)),
        FormulaCase("(2 + 3) * 4", .number(20)),
        FormulaCase("10 - 4 - 3", .number(3)),
        FormulaCase("10 - (4 - 3)", .number(9)),
        FormulaCase("64 / 8 / 2", .number(4)),
        FormulaCase("64 / (8 / 2)", .number(16)),
        FormulaCase("12 / 3 * 2", .number(8)),
        FormulaCase("-3 + 5", .number(2)),
        FormulaCase("-(3 + 5)", .number(-8)),
        FormulaCase("--4", .number(4)),
        FormulaCase("2 * -3", .number(-6)),
        FormulaCase("1 - -1", .number(2)),
        FormulaCase("0.1 + 0.2", .number(0.30000000000000004)),
        FormulaCase("{Count} * 2", .number(6)),
        FormulaCase("{Count} + {Zero}", .number(3)),
        FormulaCase("{Price} - 0.99", .number(19)),
        FormulaCase("x_1 + Count", .number(14)),
        FormulaCase("{Empty} + 1", .number(1)),
        FormulaCase("{Done} + 1", .number(2)),
        FormulaCase("{Off} * 5", .number(0)),
        FormulaCase("TRUE + TRUE", .number(2)),
        FormulaCase("'3' + 4", .number(7)),
        FormulaCase("' 2.5 ' * 2", .number(5)),
        FormulaCase("'' + 4", .number(4)),
        FormulaCase("-{Count}", .number(-3)),
        FormulaCase("-{Empty}", .number(-0.0)),
        FormulaCase("{One Tag} & '!'", .text("red!")),
        FormulaCase("1000000 * 1000000", .number(1e12)),
    ]

    static let concatenationCases: [FormulaCase] = [
        FormulaCase("'a' & 'b'", .text("ab")),
        FormulaCase(#""a" & 'b' & "c""#, .text("abc")),
        FormulaCase("1 & 2", .text("12")),
        FormulaCase("3.0 & ''", .text("3")),
        FormulaCase("0.1 & ''", .text("0.1")),
        FormulaCase("-0.5 & ''", .text("-0.5")),
        FormulaCase("1 / 3 & ''", .text("0.3333333333333333")),
        FormulaCase("2 / 3 & ''", .text("0.6666666666666666")),
        FormulaCase("0.1 + 0.2 & ''", .text("0.30000000000000004")),
        FormulaCase("1000000 * 1000000 & ''", .text("1000000000000")),
        FormulaCase("100000000000000000000 & ''", .text("100000000000000000000")),
        FormulaCase("10000000000000000000000 & ''", .text("1e+22")),
        FormulaCase("12345678901234567890123 & ''", .text("1.2345678901234568e+22")),
        FormulaCase("0.000001 & ''", .text("0.000001")),
        FormulaCase("0.0000001 & ''", .text("1e-7")),
        FormulaCase("0.00000015 & ''", .text("1.5e-7")),
        FormulaCase("123.456 & ''", .text("123.456")),
        FormulaCase("-{Empty} & ''", .text("0")),
        FormulaCase("{Count} & ' items'", .text("3 items")),
        FormulaCase("{Price} & ''", .text("19.99")),
        FormulaCase("{Empty} & 'x'", .text("x")),
        FormulaCase("{Tags} & ''", .text("red, blue")),
        FormulaCase("{NoTags} & '.'", .text(".")),
        FormulaCase("{Lookup} & ''", .text("1, 2, , x")),
        FormulaCase("TRUE() & ''", .text("1")),
        FormulaCase("FALSE() & ''", .text("0")),
        FormulaCase("{Due} & ''", .text("2024-02-29T12:00:00.000Z")),
        FormulaCase("{Name} & ' (' & {Count} & ')'", .text("Alice Smith (3)")),
        FormulaCase("1 + 2 & 3", .text("33")),
        FormulaCase("'a' & 1 + 2", .text("a3")),
        FormulaCase("'a' & 2 * 3", .text("a6")),
        FormulaCase("'x' & -1", .text("x-1")),
        FormulaCase(#"'line1' & '\n' & 'line2'"#, .text("line1\nline2")),
        FormulaCase(#"{Brace\}Name} & '!'"#, .text("braced!")),
    ]

    static let comparisonCases: [FormulaCase] = [
        FormulaCase("1 = 1", .bool(true)),
        FormulaCase("1 = 2", .bool(false)),
        FormulaCase("1 != 2", .bool(true)),
        FormulaCase("1 != 1", .bool(false)),
        FormulaCase("2 > 1", .bool(true)),
        FormulaCase("1 > 2", .bool(false)),
        FormulaCase("2 < 1", .bool(false)),
        FormulaCase("1 < 2", .bool(true)),
        FormulaCase("2 >= 2", .bool(true)),
        FormulaCase("1 >= 2", .bool(false)),
        FormulaCase("2 <= 2", .bool(true)),
        FormulaCase("2 <= 1", .bool(false)),
        FormulaCase("-1 < 0", .bool(true)),
        FormulaCase("0.1 + 0.2 = 0.3", .bool(false)),
        FormulaCase("'abc' = 'abc'", .bool(true)),
        FormulaCase("'abc' = 'ABC'", .bool(false)),
        FormulaCase("'abc' != 'ABC'", .bool(true)),
        FormulaCase("'abc' = 'abc '", .bool(false)),
        FormulaCase("'a' < 'b'", .bool(true)),
        FormulaCase("'b' > 'a'", .bool(true)),
        FormulaCase("'apple' < 'apricot'", .bool(true)),
        FormulaCase("'B' < 'a'", .bool(true)),
        FormulaCase("'abc' >= 'abc'", .bool(true)),
        FormulaCase("{Name} = 'Alice Smith'", .bool(true)),
        FormulaCase("{Name} = 'alice smith'", .bool(false)),
        FormulaCase("Name != 'Bob'", .bool(true)),
        FormulaCase("{Count} = 3", .bool(true)),
        FormulaCase("{Count} = '3'", .bool(true)),
        FormulaCase("'3' = {Count}", .bool(true)),
        FormulaCase("{Count} = '3.0'", .bool(true)),
        FormulaCase("{Count} > 2", .bool(true)),
        FormulaCase("{Count} < 2", .bool(false)),
        FormulaCase("{Price} >= 19.99", .bool(true)),
        FormulaCase("3 > '10'", .bool(false)),
        FormulaCase("'10' > 3", .bool(true)),
        FormulaCase("'abc' > 5", .bool(true)),
        FormulaCase("5 = 'five'", .bool(false)),
        FormulaCase("{Done} = TRUE()", .bool(true)),
        FormulaCase("{Done} = TRUE", .bool(true)),
        FormulaCase("{Done} = 1", .bool(true)),
        FormulaCase("{Off} = FALSE()", .bool(true)),
        FormulaCase("{Off} = 0", .bool(true)),
        FormulaCase("TRUE() > FALSE()", .bool(true)),
        FormulaCase("{Tags} = 'red, blue'", .bool(true)),
        FormulaCase("{Tags} = 'red'", .bool(false)),
        FormulaCase("{One Tag} = 'red'", .bool(true)),
        FormulaCase("{NoTags} = ''", .bool(true)),
        FormulaCase("{NoTags} = BLANK()", .bool(true)),
        FormulaCase("{Due} = {Due}", .bool(true)),
        FormulaCase("{Start Date} < {Due}", .bool(true)),
        FormulaCase("{Start Date} > {Due}", .bool(false)),
        FormulaCase("{Due} = '2024-02-29T12:00:00.000Z'", .bool(true)),
        FormulaCase("{Due} = '2024-02-29T12:00:00Z'", .bool(true)),
        FormulaCase("'2024-02-29T12:00:00Z' = {Due}", .bool(true)),
        FormulaCase("{Due} > '2024-02-01'", .bool(true)),
        FormulaCase("{Due} < '2024-02-01'", .bool(false)),
        FormulaCase("{Due} >= '2024-02-29T12:00:00Z'", .bool(true)),
        FormulaCase("{Due} <= '2024-02-29T13:00:00+01:00'", .bool(true)),
        FormulaCase("{Due} < '2024-02-29T13:00:00+01:00'", .bool(false)),
        FormulaCase("{Due} = 'not a date'", .bool(false)),
        FormulaCase("{Due} != 'not a date'", .bool(true)),
        FormulaCase("{Due} > 'garbage'", .bool(false)),
        FormulaCase("{Due} < 'garbage'", .bool(false)),
        FormulaCase("{Due} = BLANK()", .bool(false)),
        FormulaCase("{Due} != BLANK()", .bool(true)),
        FormulaCase("{Due} = 5", .bool(false)),
    ]

    static let precedenceAndAssociativityCases: [FormulaCase] = [
        FormulaCase("1 + 1 = 2", .bool(true)),
        FormulaCase("2 = 1 + 1", .bool(true)),
        FormulaCase("1 < 2 = TRUE()", .bool(true)),
        FormulaCase("'a' & 'b' = 'ab'", .bool(true)),
        FormulaCase("'ab' = 'a' & 'b'", .bool(true)),
        FormulaCase("3 > 2 > 1", .bool(false)),
        FormulaCase("1 < 2 < 3", .bool(true)),
        FormulaCase("1 = 1 = 1", .bool(true)),
        FormulaCase("2 = 2 = 2", .bool(false)),
        FormulaCase("1 + 2 * 3 - 4 / 2", .number(5)),
        FormulaCase("(1 + 2) * (3 - 4) / 2", .number(-1.5)),
        FormulaCase("2 * 3 & 4 + 5", .text("69")),
        FormulaCase("-2 * -2", .number(4)),
        FormulaCase("- 2 + 3", .number(1)),
        FormulaCase("1\n+\n2\n*\n3", .number(7)),
        FormulaCase("((((1 + 2))))", .number(3)),
    ]

    @Test(arguments: arithmeticCases)
    func arithmetic(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    @Test(arguments: concatenationCases)
    func concatenation(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    @Test(arguments: comparisonCases)
    func comparison(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    @Test(arguments: precedenceAndAssociativityCases)
    func precedenceAndAssociativity(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }
}
