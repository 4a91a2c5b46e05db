import Foundation

/// Array functions, over lookups, a rollup's `values` and multiple selects. Lists nest when
/// lookups look up lists; ARRAYFLATTEN and the aggregates see through that.
extension FormulaEvaluator {
    func callArray(
        _ function: FormulaFunction, _ arguments: [FormulaNode],
        at position: Int
    ) throws(FormulaError) -> FormulaValue {
        let items = try evaluate(arguments[0]).flattened
        switch function {
        case .arrayJoin:
            let separator = arguments.count > 1 ? try text(arguments[1]) : ", "
            let texts = items.map(\.textValue)
            try meter.reserveText(texts.reduce(0) { $0 + $1.utf8.count } + separator.utf8.count * max(0, texts.count - 1), at: position)
            return .text(texts.joined(separator: separator))
        case .arrayUnique:
            var unique: [FormulaValue] = []
            for item in items where !unique.contains(where: { FormulaValue.compare($0, item, timeZone: context.timeZone) == .orderedSame }) {
                unique.append(item)
            }
            return .list(unique)
        case .arrayCompact:
            return .list(
                items.filter { item in
                    switch item {
                    case .blank: false
                    case .text(let text): !text.isEmpty
                    default: true
                    }
                })
        case .arrayFlatten:
            return .list(items)
        case .arraySlice:
            // 1-based like Airtable; negative positions count from the end, as JavaScript's slice.
            let count = items.count
            func index(_ node: FormulaNode) throws(FormulaError) -> Int {
                let value = try integer(node, at: position)
                let zeroBased = value > 0 ? value - 1 : (value < 0 ? count + value : 0)
                return min(max(zeroBased, 0), count)
            }
            let start = try index(arguments[1])
            var end = count
            if arguments.count > 2 {
                let value = try integer(arguments[2], at: position) // 1-based and inclusive: the zero-based end
                end = min(max(value < 0 ? count + value : value, 0), count)
            }
            return .list(start < end ? Array(items[start..<end]) : [])
        default:
            preconditionFailure("\(function) is not an array function")
        }
    }
}
