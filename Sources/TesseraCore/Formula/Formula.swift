import Foundation

/// A parsed Airtable formula, as used by `filterByFormula`.
///
/// Parse once per request, then evaluate per record: function names are resolved and literal regular
/// expressions compiled at parse time, so evaluation does no string lookups and no re-parsing.
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
    private let regexCache: FormulaRegexCache

    /// Parses `source`, checking function names and argument counts and compiling literal regular expressions.
    public init(_ source: String) throws(FormulaError) {
        let root = try FormulaParser.parse(source)
        let regexCache = FormulaRegexCache()
        try Self.compileLiteralPatterns(in: root, into: regexCache)
        var names: Set<String> = []
        root.collectFieldNames(into: &names)
        self.source = source
        self.root = root
        self.regexCache = regexCache
        self.expression = root.expression
        self.referencedFieldNames = names
    }

    /// Checks every field reference against the table's field names, so a misspelt field is reported
    /// (with its position) even when no record reaches it.
    public func validateFieldNames(_ knownFieldNames: Set<String>) throws(FormulaError) {
        try Self.validate(root, knownFieldNames)
    }

    /// The formula's value for one record; throws `.unknownField` or `.evaluation` errors.
    public func evaluate(in context: some FormulaContext) throws(FormulaError) -> FormulaValue {
        try FormulaEvaluator(context: context, regexCache: regexCache).evaluate(root)
    }

    /// Whether the record passes the filter: the value's truthiness, false on a run-time error.
    /// Throws only for unknown fields, which make the whole formula invalid.
    public func matches(_ context: some FormulaContext) throws(FormulaError) -> Bool {
        do {
            return try evaluate(in: context).isTruthy
        } catch where error.kind == .evaluation {
            return false
        }
    }

    private static func compileLiteralPatterns(in node: FormulaNode, into cache: FormulaRegexCache) throws(FormulaError) {
        switch node {
        case .number, .text, .bool, .field:
            return
        case .negate(let operand, _):
            try compileLiteralPatterns(in: operand, into: cache)
        case .binary(_, let lhs, let rhs, _):
            try compileLiteralPatterns(in: lhs, into: cache)
            try compileLiteralPatterns(in: rhs, into: cache)
        case .call(let function, let arguments, let position):
            if [.regexMatch, .regexExtract, .regexReplace].contains(function), case .text(let pattern) = arguments[1] {
                do {
                    _ = try cache.expression(for: pattern, at: position)
                } catch {
                    throw FormulaError.syntax(error.message, at: position)
                }
            }
            for argument in arguments { try compileLiteralPatterns(in: argument, into: cache) }
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
