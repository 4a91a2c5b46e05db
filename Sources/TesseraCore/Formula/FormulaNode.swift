/// The evaluable form of a formula: functions resolved and source positions kept for errors.
indirect enum FormulaNode: Sendable {
    case number(Double)
    case text(String)
    case bool(Bool)
    case field(String, position: Int)
    case negate(FormulaNode, position: Int)
    case binary(FormulaOperator, FormulaNode, FormulaNode, position: Int)
    case call(FormulaFunction, [FormulaNode], position: Int)

    /// The public syntax tree for this node.
    var expression: FormulaExpression {
        switch self {
        case .number(let value): .number(value)
        case .text(let value): .text(value)
        case .bool(let value): .bool(value)
        case .field(let name, _): .field(name)
        case .negate(let operand, _): .negate(operand.expression)
        case .binary(let op, let lhs, let rhs, _): .binary(op, lhs.expression, rhs.expression)
        case .call(let function, let arguments, _): .call(function.rawValue, arguments.map(\.expression))
        }
    }

    /// Every field name referenced anywhere in this node.
    func collectFieldNames(into names: inout Set<String>) {
        switch self {
        case .number, .text, .bool: break
        case .field(let name, _): names.insert(name)
        case .negate(let operand, _): operand.collectFieldNames(into: &names)
        case .binary(_, let lhs, let rhs, _):
            lhs.collectFieldNames(into: &names)
            rhs.collectFieldNames(into: &names)
        case .call(_, let arguments, _):
            for argument in arguments { argument.collectFieldNames(into: &names) }
        }
    }
}
