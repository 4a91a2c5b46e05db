import Testing

@testable import TesseraCore

@Suite("Formula parser")
struct FormulaParserTests {
    struct ASTCase: Sendable, CustomTestStringConvertible {
        let formula: String
        let expression: FormulaExpression
        init(_ formula: String, _ expression: FormulaExpression) {
            self.formula = formula
            self.expression = expression
        }
        var testDescription: String { formula }
    }

    static let astCases: [ASTCase] = [
        ASTCase("1 + 2 * 3", .binary(.add, .number(1), .binary(.multiply, .number(2), .number(3)))),
        ASTCase("(1 + 2) * 3", .binary(.multiply, .binary(.add, .number(1), .number(2)), .number(3))),
        ASTCase("1 - 2 - 3", .binary(.subtract, .binary(.subtract, .number(1), .number(2)), .number(3))),
        ASTCase("8 / 4 / 2", .binary(.divide, .binary(.divide, .number(8), .number(4)), .number(2))),
        ASTCase("2 * 3 / 4", .binary(.divide, .binary(.multiply, .number(2), .number(3)), .number(4))),
        ASTCase("-2 * 3", .binary(.multiply, .negate(.number(2)), .number(3))),
        ASTCase("--1", .negate(.negate(.number(1)))),
        ASTCase("1 - -1", .binary(.subtract, .number(1), .negate(.number(1)))),
        ASTCase("a & b = c", .binary(.equal, .binary(.concatenate, .field("a"), .field("b")), .field("c"))),
        ASTCase("1 + 2 & 3", .binary(.concatenate, .binary(.add, .number(1), .number(2)), .number(3))),
        ASTCase("1 < 2 = TRUE", .binary(.equal, .binary(.less, .number(1), .number(2)), .bool(true))),
        ASTCase("1 != 2", .binary(.notEqual, .number(1), .number(2))),
        ASTCase("1 <= 2", .binary(.lessOrEqual, .number(1), .number(2))),
        ASTCase("1 >= 2", .binary(.greaterOrEqual, .number(1), .number(2))),
        ASTCase("1 > 2", .binary(.greater, .number(1), .number(2))),
        ASTCase("{Field Name}", .field("Field Name")),
        ASTCase("Name", .field("Name")),
        ASTCase("x_1", .field("x_1")),
        ASTCase("_under", .field("_under")),
        ASTCase("Straße", .field("Straße")),
        ASTCase(#"{a\}b}"#, .field("a}b")),
        ASTCase(#"{back\\slash}"#, .field(#"back\slash"#)),
        ASTCase("{ spaced }", .field(" spaced ")),
        ASTCase("if(1, 2)", .call("IF", [.number(1), .number(2)])),
        ASTCase("If (1, 2, 3)", .call("IF", [.number(1), .number(2), .number(3)])),
        ASTCase("now()", .call("NOW", [])),
        ASTCase("TRUE", .bool(true)),
        ASTCase("false", .bool(false)),
        ASTCase("TRUE()", .call("TRUE", [])),
        ASTCase("'single'", .text("single")),
        ASTCase(#""double""#, .text("double")),
        ASTCase(#"'it\'s'"#, .text("it's")),
        ASTCase(#""say \"hi\"""#, .text(#"say "hi""#)),
        ASTCase(#"'a"b'"#, .text(#"a"b"#)),
        ASTCase(#""a'b""#, .text("a'b")),
        ASTCase(#"'a\nb'"#, .text("a\nb")),
        ASTCase(#"'a\tb'"#, .text("a\tb")),
        ASTCase(#"'a\\b'"#, .text(#"a\b"#)),
        ASTCase(#"'\d+'"#, .text("d+")),
        ASTCase("''", .text("")),
        ASTCase("'日本語'", .text("日本語")),
        ASTCase(".5", .number(0.5)),
        ASTCase("1.25", .number(1.25)),
        ASTCase("007", .number(7)),
        ASTCase("  1\n+\t2  ", .binary(.add, .number(1), .number(2))),
        ASTCase("AND(\n  {A},\n  B\n)", .call("AND", [.field("A"), .field("B")])),
        ASTCase("SUM(1, SUM(2, 3))", .call("SUM", [.number(1), .call("SUM", [.number(2), .number(3)])])),
        ASTCase("-{Count}", .negate(.field("Count"))),
        ASTCase("((1))", .number(1)),
    ]

    @Test(arguments: astCases)
    func parsesToExpectedTree(_ testCase: ASTCase) throws {
        #expect(try Formula(testCase.formula).expression == testCase.expression)
    }

    static let syntaxErrors: [FormulaErrorCase] = [
        FormulaErrorCase("", "Empty formula at position 0", at: 0),
        FormulaErrorCase("   \n ", "Empty formula at position 0", at: 0),
        FormulaErrorCase("'abc", "Unclosed string at position 0", at: 0),
        FormulaErrorCase(#"1 + "abc"#, "Unclosed string at position 4", at: 4),
        FormulaErrorCase(#"'ends with backslash\"#, "Unclosed string at position 0", at: 0),
        FormulaErrorCase(#"'escaped quote\'"#, "Unclosed string at position 0", at: 0),
        FormulaErrorCase("{Name", "Unclosed field reference at position 0", at: 0),
        FormulaErrorCase(#"{Name\}"#, "Unclosed field reference at position 0", at: 0),
        FormulaErrorCase("1 = {}", "Empty field name at position 4", at: 4),
        FormulaErrorCase("(1 + 2", "Expected ')' but found end of formula at position 6", at: 6),
        FormulaErrorCase("((1)", "Expected ')' but found end of formula at position 4", at: 4),
        FormulaErrorCase("(1 2)", "Expected ')' but found '2' at position 3", at: 3),
        FormulaErrorCase("1 + 2)", "Unexpected ')' at position 5", at: 5),
        FormulaErrorCase(")", "Unexpected ')' at position 0", at: 0),
        FormulaErrorCase("()", "Unexpected ')' at position 1", at: 1),
        FormulaErrorCase("SUM(1, 2", "Expected ')' but found end of formula at position 8", at: 8),
        FormulaErrorCase("SUM(1 2)", "Expected ')' but found '2' at position 6", at: 6),
        FormulaErrorCase("FOO(1)", "Unknown function FOO at position 0", at: 0),
        FormulaErrorCase("1 + foo(2)", "Unknown function FOO at position 4", at: 4),
        FormulaErrorCase("'é' & bar()", "Unknown function BAR at position 6", at: 6),
        FormulaErrorCase("IF(1)", "IF expects 2 to 3 arguments but got 1 at position 0", at: 0),
        FormulaErrorCase("IF(1, 2, 3, 4)", "IF expects 2 to 3 arguments but got 4 at position 0", at: 0),
        FormulaErrorCase("NOT(1, 2)", "NOT expects exactly 1 argument but got 2 at position 0", at: 0),
        FormulaErrorCase("NOT()", "NOT expects exactly 1 argument but got 0 at position 0", at: 0),
        FormulaErrorCase("NOW(1)", "NOW expects exactly 0 arguments but got 1 at position 0", at: 0),
        FormulaErrorCase("AND()", "AND expects at least 1 argument but got 0 at position 0", at: 0),
        FormulaErrorCase("SWITCH(1)", "SWITCH expects at least 2 arguments but got 1 at position 0", at: 0),
        FormulaErrorCase("MID('abc', 1)", "MID expects exactly 3 arguments but got 2 at position 0", at: 0),
        FormulaErrorCase("2 * LEFT('a')", "LEFT expects exactly 2 arguments but got 1 at position 4", at: 4),
        FormulaErrorCase("REPLACE('a', 1, 1)", "REPLACE expects exactly 4 arguments but got 3 at position 0", at: 0),
        FormulaErrorCase("DATETIME_PARSE()", "DATETIME_PARSE expects 1 to 3 arguments but got 0 at position 0", at: 0),
        FormulaErrorCase("1 2", "Unexpected '2' at position 2", at: 2),
        FormulaErrorCase("{A} {B}", "Unexpected '{B}' at position 4", at: 4),
        FormulaErrorCase("'x' 'y'", "Unexpected string at position 4", at: 4),
        FormulaErrorCase("TRUE() FALSE()", "Unexpected 'FALSE' at position 7", at: 7),
        FormulaErrorCase("1 +", "Unexpected end of formula at position 3", at: 3),
        FormulaErrorCase("1 + * 2", "Unexpected '*' at position 4", at: 4),
        FormulaErrorCase("* 2", "Unexpected '*' at position 0", at: 0),
        FormulaErrorCase("= 1", "Unexpected '=' at position 0", at: 0),
        FormulaErrorCase("1 # 2", "Unexpected character '#' at position 2", at: 2),
        FormulaErrorCase("1 ! 2", "Unexpected character '!' at position 2", at: 2),
        FormulaErrorCase("1 == 2", "Unexpected '=' at position 3", at: 3),
        FormulaErrorCase("IF(1,,2)", "Unexpected ',' at position 5", at: 5),
        FormulaErrorCase("IF(1, 2,)", "Unexpected ')' at position 8", at: 8),
        FormulaErrorCase("SUM(,1)", "Unexpected ',' at position 4", at: 4),
        FormulaErrorCase("1,2", "Unexpected ',' at position 1", at: 1),
        FormulaErrorCase("1.2.3", "Unexpected '0.3' at position 3", at: 3),
        FormulaErrorCase("REGEX_MATCH('a', '(')", #"Invalid regular expression "(": missing closing ) at position 0"#, at: 0),
        FormulaErrorCase(
            "IF(1, REGEX_REPLACE('a', '[', 'b'))",
            #"Invalid regular expression "[": missing closing ] after [ at position 6"#, at: 6),
    ]

    @Test(arguments: syntaxErrors)
    func rejectsMalformedFormula(_ testCase: FormulaErrorCase) {
        #expect(throws: FormulaError(.syntax, testCase.message, position: testCase.position)) {
            try Formula(testCase.formula)
        }
    }

    static let depthLimitErrors: [FormulaErrorCase] = [
        FormulaErrorCase(
            String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200),
            "Formula is nested more than 200 levels deep at position 200", at: 200),
        FormulaErrorCase(
            Array(repeating: "1", count: 201).joined(separator: "+"),
            "Formula is nested more than 200 levels deep at position 399", at: 399),
        FormulaErrorCase(
            String(repeating: "-", count: 300) + "1",
            "Formula is nested more than 200 levels deep at position 199", at: 199),
        FormulaErrorCase(
            String(repeating: "NOT(", count: 201) + "1" + String(repeating: ")", count: 201),
            "Formula is nested more than 200 levels deep at position 800", at: 800),
        FormulaErrorCase(String(repeating: "9", count: 400), "Number is too large at position 0", at: 0),
    ]

    @Test(arguments: depthLimitErrors)
    func rejectsFormulasThatWouldExhaustTheStack(_ testCase: FormulaErrorCase) {
        #expect(throws: FormulaError(.syntax, testCase.message, position: testCase.position)) {
            try Formula(testCase.formula)
        }
    }

    @Test
    func acceptsNestingUpToTheLimit() throws {
        let parens = String(repeating: "(", count: 199) + "1" + String(repeating: ")", count: 199)
        #expect(try evaluateFormula(parens) == .number(1))
        let chain = Array(repeating: "1", count: 200).joined(separator: "+")
        #expect(try evaluateFormula(chain) == .number(200))
        let calls = String(repeating: "NOT(", count: 198) + "1" + String(repeating: ")", count: 198)
        #expect(try evaluateFormula(calls) == .bool(true))
    }

    @Test
    func collectsReferencedFieldNames() throws {
        let formula = try Formula("AND({A}, B, {C D} = 1, {A}, IF(x_1, 'B', {E\\}F}))")
        #expect(formula.referencedFieldNames == ["A", "B", "C D", "x_1", "E}F"])
    }

    @Test
    func keepsSource() throws {
        #expect(try Formula(" {A} = 1 ").source == " {A} = 1 ")
    }

    @Test
    func constantFormulaReferencesNoFields() throws {
        #expect(try Formula("TRUE() & 'x'").referencedFieldNames.isEmpty)
    }

    @Test
    func describesErrorByMessage() {
        #expect(
            FormulaError(.syntax, "Unknown function FOO at position 0", position: 0).description
                == "Unknown function FOO at position 0")
    }
}
