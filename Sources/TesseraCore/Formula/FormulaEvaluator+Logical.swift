import Foundation

/// Logical functions and the record's own metadata.
extension FormulaEvaluator {
    func callLogical(
        _ function: FormulaFunction, _ arguments: [FormulaNode],
        at position: Int
    ) throws(FormulaError) -> FormulaValue {
        switch function {
        case .and:
            // Stops at the first false argument, so later arguments cannot raise errors. A list
            // (a lookup, a rollup's values) counts as its items.
            for argument in arguments where !(try evaluate(argument).truthValues.allSatisfy(\.isTruthy)) { return .bool(false) }
            return .bool(true)
        case .or:
            for argument in arguments where try evaluate(argument).truthValues.contains(where: \.isTruthy) { return .bool(true) }
            return .bool(false)
        case .xor:
            var truthyCount = 0
            for argument in arguments { truthyCount += try evaluate(argument).truthValues.filter(\.isTruthy).count }
            return .bool(truthyCount % 2 == 1)
        case .not:
            return .bool(!(try evaluate(arguments[0]).isTruthy))
        case .if:
            if try evaluate(arguments[0]).isTruthy { return try evaluate(arguments[1]) }
            return arguments.count > 2 ? try evaluate(arguments[2]) : .blank
        case .switch:
            let subject = try evaluate(arguments[0])
            var index = 1
            while index + 1 < arguments.count {
                let pattern = try evaluate(arguments[index])
                if FormulaValue.compare(subject, pattern, timeZone: context.timeZone) == .orderedSame {
                    return try evaluate(arguments[index + 1])
                }
                index += 2
            }
            return index < arguments.count ? try evaluate(arguments[index]) : .blank
        case .blank:
            return .blank
        case .true:
            return .bool(true)
        case .false:
            return .bool(false)
        case .recordID:
            return .text(context.recordID)
        case .createdTime:
            return .date(context.createdTime)
        case .lastModifiedTime:
            // A record never modified reports its creation time, as Airtable does; with fields,
            // the latest change to any of them.
            var latest: Date?
            for argument in arguments {
                guard case .field(let name, let fieldPosition) = argument else {
                    throw FormulaError.evaluation("LAST_MODIFIED_TIME takes field references, like {Status}", at: position)
                }
                guard context.value(ofField: name) != nil else {
                    throw FormulaError(.unknownField, "Unknown field names: \(name)", position: fieldPosition)
                }
                if let changed = context.lastModifiedTime(ofField: name) { latest = max(latest ?? changed, changed) }
            }
            guard !arguments.isEmpty else { return .date(context.lastModifiedTime ?? context.createdTime) }
            return .date(latest ?? context.createdTime)
        default:
            preconditionFailure("\(function) is not a logical function")
        }
    }
}

extension FormulaValue {
    /// What AND, OR and XOR weigh: a list's items (an empty list is one blank), else the value.
    var truthValues: [FormulaValue] {
        guard case .list = self else { return [self] }
        let items = flattened
        return items.isEmpty ? [.blank] : items
    }
}
