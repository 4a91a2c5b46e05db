import Foundation
import Testing

@testable import TesseraCore

/// An in-memory record for formula tests.
struct FormulaTestContext: FormulaContext {
    var fields: [String: FormulaValue]
    var recordID = "recABCDEFGHIJKLMN"
    var createdTime = utcDate("2024-01-15T10:30:00Z")
    var lastModifiedTime: Date?
    /// A Sunday afternoon, 2024-03-10T15:45:30.250Z.
    var now = utcDate("2024-03-10T15:45:30.250Z")
    var timeZone = TimeZone(identifier: "UTC")!

    func value(ofField name: String) -> FormulaValue? {
        fields[name]
    }

    /// The record most cases run against.
    static let standard = FormulaTestContext(fields: [
        "Name": .text("Alice Smith"),
        "Mixed Case": .text("Hello"),
        "Notes": .text("  padded  "),
        "Count": .number(3),
        "Price": .number(19.99),
        "Zero": .number(0),
        "Empty": .blank,
        "Done": .bool(true),
        "Off": .bool(false),
        "Tags": .list([.text("red"), .text("blue")]),
        "One Tag": .list([.text("red")]),
        "NoTags": .list([]),
        "Lookup": .list([.number(1), .number(2), .blank, .text("x")]),
        "Due": .date(utcDate("2024-02-29T12:00:00Z")),
        "Start Date": .date(utcDate("2024-01-31T00:00:00Z")),
        "Brace}Name": .text("braced"),
        "x_1": .number(11),
    ])

    /// The standard record seen from New York (EST -05:00 until 2024-03-10 02:00, then EDT -04:00).
    static let newYork: FormulaTestContext = {
        var context = standard
        context.timeZone = TimeZone(identifier: "America/New_York")!
        return context
    }()
}

/// One formula and the value it must produce.
struct FormulaCase: Sendable, CustomTestStringConvertible {
    let formula: String
    let expected: FormulaValue

    init(_ formula: String, _ expected: FormulaValue) {
        self.formula = formula
        self.expected = expected
    }

    var testDescription: String { formula }
}

/// One formula and the error it must raise.
struct FormulaErrorCase: Sendable, CustomTestStringConvertible {
    let formula: String
    let message: String
    let position: Int

    init(_ formula: String, _ message: String, at position: Int) {
        self.formula = formula
        self.message = message
        self.position = position
    }

    var testDescription: String { formula }
}

/// Parses an ISO 8601 UTC timestamp with Foundation's own formatter, independent of the code under test.
func utcDate(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { preconditionFailure("bad test date \(text)") }
    return date
}

func evaluateFormula(_ source: String, in context: FormulaTestContext = .standard) throws -> FormulaValue {
    try Formula(source).evaluate(in: context)
}
