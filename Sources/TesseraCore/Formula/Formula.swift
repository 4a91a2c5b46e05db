import Foundation

/// A parsed Airtable formula, as used by `filterByFormula`.
///
/// Parse once per request, then evaluate per record: function names are resolved and literal regular
/// expressions and date formats compiled at parse time, so evaluation does no name lookups and no re-parsing.
///
/// Errors: parse errors (`.syntax`) and references to missing fields (`.unknownField`) make the formula invalid
/// (HTTP 422 INVALID_FILTER_BY_FORMULA). Run-time errors on one record (`.evaluation`, Airtable's `#ERROR!`,
/// e.g. division by zero or DATEADD on a blank date) make `matches` answer false for that record, the way
/// Airtable leaves out records whose filter formula errors.
public struct Formula: Sendable {
    public let source: String
    public let expression: FormulaExpression
    public let referencedFieldNames: Set<String>
    private let root: FormulaNode
    private let regexes = FormulaCompileCache<LinearRegex>()
    private let dateFormats = FormulaCompileCache<FormulaDateFormat>()

    /// Parses `source`, checking function names and argument counts and compiling literal patterns.
    public init(_ source: String) throws(FormulaError) {
        let root = try FormulaParser.parse(source)
        var names: Set<String> = []
        root.collectFieldNames(into: &names)
        self.source = source
        self.root = root
        self.expression = root.expression
        self.referencedFieldNames = names
        try compileLiteralPatterns(in: root)
    }

    /// Checks every field reference against the table's field names, so a misspelt field is reported
    /// (with its position) even when no record reaches it.
    public func validateFieldNames(_ knownFieldNames: Set<String>) throws(FormulaError) {
        try Self.validate(root, knownFieldNames)
    }

    /// The formula's value for one record; throws `.unknownField` or `.evaluation` errors, and
    /// `.budgetExceeded` when the evaluation goes over `budget` (one per request).
    public func evaluate(in context: some FormulaContext, budget: FormulaBudget = FormulaBudget()) throws(FormulaError) -> FormulaValue {
        let meter = try FormulaMeter(budget: budget)
        let value = try FormulaEvaluator(context: context, regexes: regexes, dateFormats: dateFormats, meter: meter).evaluate(root)
        try meter.charge()
        return value
    }

    /// Whether the record passes the filter: the value's truthiness, false on a run-time error.
    /// Throws for unknown fields, which make the whole formula invalid, and over budget.
    public func matches(_ context: some FormulaContext, budget: FormulaBudget = FormulaBudget()) throws(FormulaError) -> Bool {
        do {
            return try evaluate(in: context, budget: budget).isTruthy
        } catch  where error.kind == .evaluation {
            return false
        }
    }

    /// Compiles literal regular expressions and date formats once; a bad literal pattern is a syntax error.
    private func compileLiteralPatterns(in node: FormulaNode) throws(FormulaError) {
        switch node {
        case .number, .text, .bool, .field:
            return
        case .negate(let operand, _):
            try compileLiteralPatterns(in: operand)
        case .binary(_, let lhs, let rhs, _):
            try compileLiteralPatterns(in: lhs)
            try compileLiteralPatterns(in: rhs)
        case .call(let function, let arguments, let position):
            switch (function, arguments.dropFirst().first) {
            case (.regexMatch, .text(let pattern)?), (.regexExtract, .text(let pattern)?), (.regexReplace, .text(let pattern)?):
                do {
                    _ = try regexes.expression(for: pattern, at: position)
                } catch {
                    throw FormulaError.syntax(error.message, at: position)
                }
            case (.datetimeFormat, .text(let pattern)?), (.datetimeParse, .text(let pattern)?):
                _ = dateFormats.format(for: pattern)
            default:
                break
            }
            for argument in arguments { try compileLiteralPatterns(in: argument) }
        }
    }

    private static func validate(_ node: FormulaNode, _ known: Set<String>) throws(FormulaError) {
        switch node {
        case .number, .text, .bool:
            return
        case .field(let name, let position):
            guard known.contains(name) else {
                throw FormulaError(.unknownField, "Unknown field names: \(name)", position: position)
            }
        case .negate(let operand, _):
            try validate(operand, known)
        case .binary(_, let lhs, let rhs, _):
            try validate(lhs, known)
            try validate(rhs, known)
        case .call(_, let arguments, _):
            for argument in arguments { try validate(argument, known) }
        }
    }
}
