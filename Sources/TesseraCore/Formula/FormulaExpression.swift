/// The syntax tree of a parsed formula.
public indirect enum FormulaExpression: Sendable, Equatable {
    case number(Double)
    case text(String)
    case bool(Bool)
    /// A `{Field Name}` or bare-name reference.
    case field(String)
    /// Unary minus.
    case negate(FormulaExpression)
    case binary(FormulaOperator, FormulaExpression, FormulaExpression)
    /// A function call; the name is uppercased.
    case call(String, [FormulaExpression])
}
