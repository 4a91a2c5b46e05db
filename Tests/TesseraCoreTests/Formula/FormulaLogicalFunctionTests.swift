import Foundation
import Testing

@testable import TesseraCore

@Suite("Formula logical and record functions")
struct FormulaLogicalFunctionTests {
    static let logicalCases: [FormulaCase] = [
        FormulaCase("AND(1, 1)", .bool(true)),
        FormulaCase("AND(1, 0)", .bool(false)),
        FormulaCase("AND(1)", .bool(true)),
        FormulaCase("AND('x', {Done}, {Count})", .bool(true)),
        FormulaCase("AND({Empty})", .bool(false)),
        FormulaCase("AND({Tags}, {Name})", .bool(true)),
        FormulaCase("AND({Count} > 2, {Name} = 'Alice Smith')", .bool(true)),
        FormulaCase("and(1, 1, 1, 0)", .bool(false)),
        FormulaCase("OR(0, 0)", .bool(false)),
        FormulaCase("OR(0, 'a')", .bool(true)),
        FormulaCase("OR({Empty}, {Zero}, {NoTags}, '', {Off})", .bool(false)),
        FormulaCase("OR({Count} > 5, {Done})", .bool(true)),
        FormulaCase("NOT(0)", .bool(true)),
        FormulaCase("NOT(1)", .bool(false)),
        FormulaCase("NOT('a')", .bool(false)),
        FormulaCase("NOT('')", .bool(true)),
        FormulaCase("NOT({Empty})", .bool(true)),
        FormulaCase("NOT({Tags})", .bool(false)),
        FormulaCase("NOT(NOT(5))", .bool(true)),
        FormulaCase("XOR(1, 0)", .bool(true)),
        FormulaCase("XOR(1, 1)", .bool(false)),
        FormulaCase("XOR(1, 1, 1)", .bool(true)),
        FormulaCase("XOR(0)", .bool(false)),
        FormulaCase("XOR(0, 0, 'x')", .bool(true)),
        FormulaCase("IF(1, 'yes', 'no')", .text("yes")),
        FormulaCase("IF(0, 'yes', 'no')", .text("no")),
        FormulaCase("IF(0, 'yes')", .blank),
        FormulaCase("IF('0', 'text zero is truthy', 'no')", .text("text zero is truthy")),
        FormulaCase("IF({Empty}, 1, 2)", .number(2)),
        FormulaCase("IF({Count} > 2, {Count} * 10, 0)", .number(30)),
        FormulaCase("IF({Tags}, 'tagged', 'untagged')", .text("tagged")),
        FormulaCase("IF({NoTags}, 'tagged', 'untagged')", .text("untagged")),
        FormulaCase("IF({Due}, 'dated')", .text("dated")),
        FormulaCase("IF(1, IF(0, 'a', 'b'), 'c')", .text("b")),
        FormulaCase("IF(1, 'ok', 1 / 0)", .text("ok")),
        FormulaCase("IF(0, 1 / 0, 'ok')", .text("ok")),
        FormulaCase("AND(0, 1 / 0)", .bool(false)),
        FormulaCase("OR(1, 1 / 0)", .bool(true)),
        FormulaCase("if(1, 2, 3)", .number(2)),
        FormulaCase("If(0, 2, 3)", .number(3)),
        FormulaCase("SWITCH('b', 'a', 1, 'b', 2, 3)", .number(2)),
        FormulaCase("SWITCH('z', 'a', 1, 'b', 2, 3)", .number(3)),
        FormulaCase("SWITCH('z', 'a', 1)", .blank),
        FormulaCase("SWITCH('a', 'a', 1)", .number(1)),
        FormulaCase("SWITCH(2, 'only default')", .text("only default")),
        FormulaCase("SWITCH({Count}, 1, 'one', 3, 'three')", .text("three")),
        FormulaCase("SWITCH({Count}, '3', 'text three', 'other')", .text("text three")),
        FormulaCase("SWITCH({Empty}, '', 'empty', 'full')", .text("empty")),
        FormulaCase("SWITCH({Name}, 'alice smith', 'lower', 'Alice Smith', 'exact', 'none')", .text("exact")),
        FormulaCase("SWITCH('x', 'x', 1 + 1, 1 / 0)", .number(2)),
        FormulaCase("BLANK()", .blank),
        FormulaCase("TRUE()", .bool(true)),
        FormulaCase("FALSE()", .bool(false)),
        FormulaCase("TRUE", .bool(true)),
        FormulaCase("false", .bool(false)),
        FormulaCase("True()", .bool(true)),
        FormulaCase("RECORD_ID()", .text("recABCDEFGHIJKLMN")),
        FormulaCase("RECORD_ID() = 'recABCDEFGHIJKLMN'", .bool(true)),
        FormulaCase("CREATED_TIME()", .date(utcDate("2024-01-15T10:30:00Z"))),
        FormulaCase("LAST_MODIFIED_TIME()", .date(utcDate("2024-01-15T10:30:00Z"))),
        FormulaCase("CREATED_TIME() < {Due}", .bool(true)),
    ]

    @Test(arguments: logicalCases)
    func evaluates(_ testCase: FormulaCase) throws {
        #expect(try evaluateFormula(testCase.formula) == testCase.expected)
    }

    @Test
    func lastModifiedTimeUsesRecordModificationWhenKnown() throws {
        var context = FormulaTestContext.standard
        context.lastModifiedTime = utcDate("2024-03-01T08:00:00Z")
        #expect(try evaluateFormula("LAST_MODIFIED_TIME()", in: context) == .date(utcDate("2024-03-01T08:00:00Z")))
    }

    static let truthinessCases: [(String, Bool)] = [
        ("0", false), ("1", true), ("-1", true), ("0.5", true), ("''", false), ("'x'", true), ("'0'", true),
        ("' '", true), ("BLANK()", false), ("TRUE()", true), ("FALSE()", false), ("{Empty}", false),
        ("{Tags}", true), ("{NoTags}", false), ("{One Tag}", true), ("{Due}", true), ("{Zero}", false),
        ("{Name}", true), ("{Done}", true), ("{Off}", false), ("{Count} > 2", true), ("{Count} > 3", false),
        ("1 / 0", false), ("DATEADD({Empty}, 1, 'days')", false), ("SQRT(-4)", false),
        ("AND({Done}, {Count})", true), ("IF({Count}, {Name})", true), ("IF(0, 1)", false),
        ("{Name} = 'Alice Smith'", true), ("FIND('z', {Name})", false), ("FIND('S', {Name})", true),
        ("SEARCH('z', {Name})", false), ("{Due} > NOW()", false), ("{Due} < NOW()", true),
    ]

    @Test(arguments: truthinessCases)
    func matchesByTruthiness(_ formula: String, _ expected: Bool) throws {
        #expect(try Formula(formula).matches(FormulaTestContext.standard) == expected)
    }
}
