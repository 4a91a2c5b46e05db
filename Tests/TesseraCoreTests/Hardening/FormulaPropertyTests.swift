import Foundation
import PropertyBased
import Testing

@testable import TesseraCore

/// Formulas made of random tokens: the lexer, parser and evaluator answer a value or a
/// `FormulaError`, never a trap or a hang, whatever a tenant writes.
@Suite("Formula properties")
struct FormulaPropertyTests {
    static let tokens = [
        "(", ")", ",", "&", "+", "-", "*", "/", "=", "!=", "<", ">", "<=", ">=", "'", "\"", "{", "}", "\\",
        "{Name}", "{Count}", "{Empty}", "{Tags}", "{Due}", "{Lookup}", "{Nope}", "1", "0", "-1", "1e308", "1e-320", "9007199254740993",
        "'x'", "\"é😀\"", "''", "TRUE()", "BLANK()", "NOW()", "REPT('ab', 3)",
        "IF(", "SWITCH(", "AND(", "OR(", "NOT(", "LEN(", "LEFT(", "MID(", "SUBSTITUTE(", "REPLACE(", "REPT(", "CONCATENATE(", "FIND(",
        "SEARCH(", "VALUE(", "ROUND(", "MOD(", "POWER(", "LOG(", "SQRT(", "INT(", "SUM(", "AVERAGE(", "MAX(", "COUNTA(",
        "DATEADD(", "DATETIME_DIFF(", "DATETIME_FORMAT(", "DATETIME_PARSE(", "YEAR(", "WEEKDAY(", "IS_SAME(", "'days'", "'YYYY-MM-DD'",
        "REGEX_MATCH(", "REGEX_EXTRACT(", "REGEX_REPLACE(", "'(a*)*b'", "'['", "ENCODE_URL_COMPONENT(", "T(", "RECORD_ID()",
    ]

    private static func check(_ source: String) {
        let formula: Formula
        do {
            formula = try Formula(source)
        } catch {
            #expect(error.kind == .syntax || error.kind == .unknownField, "\(source): \(error)")
            return
        }
        var limits = FormulaBudget.Limits()
        limits.textBytesPerEvaluation = 1 << 20
        do {
            _ = try formula.evaluate(in: FormulaTestContext.standard, budget: FormulaBudget(limits: limits))
            _ = try formula.matches(FormulaTestContext.newYork, budget: FormulaBudget(limits: limits))
        } catch {
            // Any kind is fine; reaching here without a trap is the property.
            #expect(!error.message.isEmpty)
        }
    }

    @Test func randomTokenSequences() async {
        await propertyCheck(count: 3000, input: Gen.element(of: Self.tokens).array(of: 0...24)) { tokens in
            Self.check(tokens.compactMap { $0 }.joined(separator: " "))
        }
    }

    @Test func randomTokenSequencesWithoutSpaces() async {
        await propertyCheck(count: 2000, input: Gen.element(of: Self.tokens).array(of: 0...24)) { tokens in
            Self.check(tokens.compactMap { $0 }.joined())
        }
    }

    @Test func randomText() async {
        await propertyCheck(count: 2000, input: Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 0...60)) { scalars in
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            Self.check(text)
        }
    }

    @Test(
        "functions called with extreme numbers",
        arguments: [
            "1e308", "-1e308", "1e-320", "0", "-0", "9007199254740993", "-9223372036854775808", "1e15", "POWER(10, 400)", "1/3",
        ])
    func extremeArguments(_ number: String) {
        for template in [
            "LEFT('abc', X)", "RIGHT('abc', X)", "MID('abc', X, X)", "REPT('a', X)", "ROUND(X, X)", "ROUNDUP(X, 2)", "MOD(X, 7)", "MOD(7, X)",
            "POWER(X, X)", "LOG(X)", "SQRT(X)", "INT(X)", "CEILING(X, X)", "FLOOR(X, 3)", "EVEN(X)", "ODD(X)", "DATEADD({Due}, X, 'days')",
            "DATEADD({Due}, X, 'months')", "DATEADD({Due}, X, 'seconds')", "DATETIME_PARSE(X & '', 'X')", "DATETIME_PARSE(X & '', 'x')",
            "FIND('a', 'banana', X)", "SUBSTITUTE('aaa', 'a', 'b', X)", "REPLACE('abc', X, X, 'z')", "VALUE(X & '')", "X & ''",
            "DATETIME_FORMAT(DATEADD({Due}, X, 'years'), 'X x YYYY')", "WEEKDAY(DATEADD({Due}, X, 'weeks'))",
        ] {
            Self.check(template.replacingOccurrences(of: "X", with: "(\(number))"))
        }
    }
}
