import Foundation

/// Numeric functions. Aggregates (MIN MAX SUM AVERAGE COUNT…) flatten list arguments and use only the
/// numbers among them, as Airtable does for rollups and lookups.
extension FormulaEvaluator {
    func callNumeric(
        _ function: FormulaFunction, _ arguments: [FormulaNode],
        at position: Int
    ) throws(FormulaError) -> FormulaValue {
        switch function {
        case .min, .max, .sum, .average, .count, .countA, .countAll:
            return try aggregate(function, arguments, at: position)
        default:
            break
        }
        let value = try number(arguments[0], at: position)
        let result: Double
        switch function {
        case .abs:
            result = value.magnitude
        case .int:
            result = value.rounded(.down)
        case .ceiling, .floor:
            let significance = arguments.count > 1 ? try number(arguments[1], at: position).magnitude : 1
            guard significance != 0 else { return .number(0) }
            let quotient = value / significance
            result = (function == .ceiling ? quotient.rounded(.up) : quotient.rounded(.down)) * significance
        case .round, .roundUp, .roundDown:
            let places = arguments.count > 1 ? try integer(arguments[1], at: position) : 0
            let rule: FloatingPointRoundingRule =
                switch function {
                case .round: .toNearestOrAwayFromZero
                case .roundUp: .up // applied to the magnitude: away from zero
                default: .down // toward zero
                }
            result = FormulaNumberFormat.round(value, places: places, rule: rule)
        case .mod:
            let divisor = try number(arguments[1], at: position)
            guard divisor != 0 else { throw FormulaError.evaluation("MOD by zero", at: position) }
            result = value.truncatingRemainder(dividingBy: divisor)
        case .power:
            result = Foundation.pow(value, try number(arguments[1], at: position))
        case .sqrt:
            guard value >= 0 else { throw FormulaError.evaluation("SQRT of a negative number", at: position) }
            result = value.squareRoot()
        case .exp:
            result = Foundation.exp(value)
        case .log:
            let base = arguments.count > 1 ? try number(arguments[1], at: position) : 10
            guard value > 0, base > 0, base != 1 else {
                throw FormulaError.evaluation("LOG needs a positive number and a positive base other than 1", at: position)
            }
            // Dedicated functions keep common bases exact: LOG(1000) is 3, not 2.9999999999999996.
            result =
                switch base {
                case 10: Foundation.log10(value)
                case 2: Foundation.log2(value)
                default: Foundation.log(value) / Foundation.log(base)
                }
        case .even, .odd:
            var magnitude = value.magnitude.rounded(.up)
            let isEven = magnitude.truncatingRemainder(dividingBy: 2) == 0
            if isEven != (function == .even) { magnitude += 1 }
            result = value < 0 ? -magnitude : magnitude
        default:
            preconditionFailure("\(function) is not a numeric function")
        }
        return .number(try finite(result, at: position))
    }

    private func aggregate(
        _ function: FormulaFunction, _ arguments: [FormulaNode],
        at position: Int
    ) throws(FormulaError) -> FormulaValue {
        var values: [FormulaValue] = []
        for argument in arguments { Self.flatten(try evaluate(argument), into: &values) }
        switch function {
        case .countAll:
            return .number(Double(values.count))
        case .countA:
            return .number(Double(values.count { $0 != .blank && $0 != .text("") }))
        default:
            break
        }
        let numbers = values.compactMap { value -> Double? in
            if case .number(let number) = value { return number }
            return nil
        }
        switch function {
        case .count: return .number(Double(numbers.count))
        case .sum: return .number(try finite(numbers.reduce(0, +), at: position))
        case .average:
            return .number(numbers.isEmpty ? 0 : try finite(numbers.reduce(0, +), at: position) / Double(numbers.count))
        case .min: return .number(numbers.min() ?? 0)
        default: return .number(numbers.max() ?? 0)
        }
    }

    private static func flatten(_ value: FormulaValue, into values: inout [FormulaValue]) {
        if case .list(let items) = value {
            for item in items { flatten(item, into: &values) }
        } else {
            values.append(value)
        }
    }
}
