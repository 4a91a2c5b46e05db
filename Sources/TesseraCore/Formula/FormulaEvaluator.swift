import Foundation

/// Evaluates a formula tree against one record. Run-time errors (Airtable's `#ERROR!`) are thrown as
/// `FormulaError` of kind `.evaluation` and propagate through every enclosing operator and function.
struct FormulaEvaluator<Context: FormulaContext> {
    let context: Context
    let regexes: FormulaCompileCache<LinearRegex>
    let dateFormats: FormulaCompileCache<FormulaDateFormat>
    let meter: FormulaMeter

    var calendar: FormulaCalendar { FormulaCalendar(timeZone: context.timeZone) }

    func evaluate(_ node: FormulaNode) throws(FormulaError) -> FormulaValue {
        try meter.step()
        switch node {
        case .number(let value):
            return .number(value)
        case .text(let text):
            return .text(text)
        case .bool(let value):
            return .bool(value)
        case .field(let name, let position):
            guard let value = context.value(ofField: name) else {
                throw FormulaError(.unknownField, "Unknown field names: \(name)", position: position)
            }
            return value
        case .negate(let operand, let position):
            return .number(-(try evaluate(operand).numberValue(at: position)))
        case .binary(let op, let lhs, let rhs, let position):
            return try apply(op, try evaluate(lhs), try evaluate(rhs), at: position)
        case .call(let function, let arguments, let position):
            return try call(function, arguments, at: position)
        }
    }

    private func apply(
        _ op: FormulaOperator, _ lhs: FormulaValue, _ rhs: FormulaValue,
        at position: Int
    ) throws(FormulaError) -> FormulaValue {
        switch op {
        case .concatenate:
            let left = lhs.textValue
            let right = rhs.textValue
            try meter.reserveText(left.utf8.count + right.utf8.count, at: position)
            return .text(left + right)
        case .add, .subtract, .multiply, .divide:
            let left = try lhs.numberValue(at: position)
            let right = try rhs.numberValue(at: position)
            let result: Double
            switch op {
            case .add: result = left + right
            case .subtract: result = left - right
            case .multiply: result = left * right
            default:
                guard right != 0 else { throw FormulaError.evaluation("Division by zero", at: position) }
                result = left / right
            }
            return .number(try finite(result, at: position))
        case .equal:
            return .bool(FormulaValue.compare(lhs, rhs, timeZone: context.timeZone) == .orderedSame)
        case .notEqual:
            return .bool(FormulaValue.compare(lhs, rhs, timeZone: context.timeZone) != .orderedSame)
        case .less:
            return .bool(FormulaValue.compare(lhs, rhs, timeZone: context.timeZone) == .orderedAscending)
        case .greater:
            return .bool(FormulaValue.compare(lhs, rhs, timeZone: context.timeZone) == .orderedDescending)
        case .lessOrEqual:
            let order = FormulaValue.compare(lhs, rhs, timeZone: context.timeZone)
            return .bool(order == .orderedAscending || order == .orderedSame)
        case .greaterOrEqual:
            let order = FormulaValue.compare(lhs, rhs, timeZone: context.timeZone)
            return .bool(order == .orderedDescending || order == .orderedSame)
        }
    }

    private func call(
        _ function: FormulaFunction, _ arguments: [FormulaNode],
        at position: Int
    ) throws(FormulaError) -> FormulaValue {
        switch function {
        case .and, .or, .not, .xor, .if, .switch, .blank, .true, .false, .recordID, .createdTime, .lastModifiedTime:
            return try callLogical(function, arguments, at: position)
        case .find, .search, .lower, .upper, .len, .left, .right, .mid, .trim, .substitute, .replace,
            .concatenate, .rept, .t, .value, .encodeURLComponent, .regexMatch, .regexExtract, .regexReplace:
            return try callText(function, arguments, at: position)
        case .abs, .ceiling, .floor, .int, .round, .roundUp, .roundDown, .mod, .power, .sqrt, .exp, .log,
            .even, .odd, .min, .max, .sum, .average, .count, .countA, .countAll:
            return try callNumeric(function, arguments, at: position)
        case .datetimeParse, .datetimeFormat, .dateAdd, .datetimeDiff, .isBefore, .isAfter, .isSame, .today,
            .now, .year, .month, .day, .hour, .minute, .second, .weekday:
            return try callDate(function, arguments, at: position)
        case .arrayJoin, .arrayUnique, .arrayCompact, .arrayFlatten, .arraySlice:
            return try callArray(function, arguments, at: position)
        }
    }

    // MARK: Argument helpers

    func text(_ node: FormulaNode) throws(FormulaError) -> String {
        try evaluate(node).textValue
    }

    func number(_ node: FormulaNode, at position: Int) throws(FormulaError) -> Double {
        try evaluate(node).numberValue(at: position)
    }

    /// A whole-number argument (counts, positions, precision); fractions are cut toward zero.
    func integer(_ node: FormulaNode, at position: Int) throws(FormulaError) -> Int {
        let value = try number(node, at: position)
        guard value.magnitude < 1e15 else {
            throw FormulaError.evaluation("Number \(FormulaNumberFormat.text(value)) is out of range", at: position)
        }
        return Int(value.rounded(.towardZero))
    }

    func date(_ node: FormulaNode, at position: Int) throws(FormulaError) -> Date {
        try evaluate(node).dateValue(in: context.timeZone, at: position)
    }

    /// Airtable shows NaN and infinities as errors; a filter treats them like any other run-time error.
    func finite(_ value: Double, at position: Int) throws(FormulaError) -> Double {
        guard value.isFinite else { throw FormulaError.evaluation("Result is not a finite number", at: position) }
        return value
    }
}
