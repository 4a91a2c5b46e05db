import Foundation

/// A formula that cannot be parsed, names something that does not exist, or fails while evaluated.
public struct FormulaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the formula failed; callers map `.syntax` and `.unknownField` to 422 INVALID_FILTER_BY_FORMULA.
    public enum Kind: Sendable, Equatable {
        /// The text is not a valid formula (bad token, unknown function, wrong arity, …).
        case syntax
        /// A field reference names no field of the table.
        case unknownField
        /// A run-time error of Airtable's `#ERROR!` kind (division by zero, bad date, NaN, …) for one record.
        case evaluation
        /// The evaluation went over its `FormulaBudget`: too much text, too many steps, too long.
        case budgetExceeded
    }

    public let kind: Kind
    /// Human text, e.g. "Unknown function FOO" or "Expected ')' at position 12".
    public let message: String
    /// 0-based character offset in the source when known (always for parse errors).
    public let position: Int?

    public init(_ kind: Kind, _ message: String, position: Int?) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    static func syntax(_ message: String, at position: Int) -> FormulaError {
        FormulaError(.syntax, "\(message) at position \(position)", position: position)
    }

    static func evaluation(_ message: String, at position: Int? = nil) -> FormulaError {
        FormulaError(.evaluation, message, position: position)
    }

    public var description: String { message }
}
