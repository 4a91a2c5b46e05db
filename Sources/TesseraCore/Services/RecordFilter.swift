import Foundation

/// A `filterByFormula` bound to a table: the exact per-record test, and a prefilter that a
/// database can apply first so that a selective filter does not decode every record.
public struct RecordFilter: Sendable {
    let formula: Formula
    let prefilter: RecordPrefilter?
    /// Fields by name and by id: a view's filter is stored with ids, so renames never break it.
    private let fields: [String: Field]
    private let timeZone: TimeZone
    private let now: Date

    public init(_ source: String, table: Table, timeZone: TimeZone, now: Date = Date()) throws(TesseraError) {
        fields = table.fieldsByReference
        do {
            formula = try Formula(source)
            try formula.validateFieldNames(Set(fields.keys))
        } catch {
            throw TesseraError(.invalidFilter, "The formula for filtering records is invalid: \(error.message)")
        }
        self.timeZone = timeZone
        self.now = now
        prefilter = Self.prefilter(formula.expression, fields)
    }

    /// Records for which the formula errors do not match, as in Airtable's filtered views; a
    /// formula over `budget` fails the request with 422.
    public func matches(_ record: Record, budget: FormulaBudget) throws(TesseraError) -> Bool {
        let context = RecordFormulaContext(record: record, fields: fields, now: now, timeZone: timeZone)
        do {
            return try formula.matches(context, budget: budget)
        } catch  where error.kind == .budgetExceeded {
            throw TesseraError(.invalidFilter, "The formula for filtering records is too expensive: \(error.message)")
        } catch {
            return false
        }
    }

    // MARK: - Prefilter

    /// A condition implied by the formula (every matching record satisfies it), or nil when
    /// nothing cheap is implied. Only shapes whose Airtable semantics SQL reproduces exactly.
    static func prefilter(_ expression: FormulaExpression, _ fields: [String: Field]) -> RecordPrefilter? {
        switch expression {
        case .call("AND", let arguments):
            let parts = arguments.compactMap { prefilter($0, fields) }
            return parts.isEmpty ? nil : (parts.count == 1 ? parts[0] : .all(parts))
        case .call("OR", let arguments):
            let parts = arguments.map { prefilter($0, fields) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
            return .any(parts.compactMap { $0 })
        case .field(let name):
            guard let field = fields[name],
                field.type.isTextLike || field.type == .singleSelect || field.type == .multipleSelects
                    || field.type == .date || field.type == .dateTime || field.type == .checkbox
            else { return nil }
            return .notBlank(fieldID: field.id)
        case .binary(let op, .field(let name), let literal):
            return comparison(op, fields[name], literal)
        case .binary(let op, let literal, .field(let name)):
            return comparison(op.mirrored, fields[name], literal)
        default:
            return nil
        }
    }

    private static func comparison(_ op: FormulaOperator, _ field: Field?, _ literal: FormulaExpression) -> RecordPrefilter? {
        guard let field else { return nil }
        switch (field.type, literal) {
        case (let type, .text(let text)) where op == .equal && !text.isEmpty && type.isTextLike:
            return .textEquals(fieldID: field.id, text)
        case (.singleSelect, .text(let text)) where op == .equal && !text.isEmpty:
            // Stored by choice id: an unknown name can match nothing.
            guard let choice = field.choices.first(where: { $0.name == text }) else { return .any([]) }
            return .textEquals(fieldID: field.id, choice.id)
        case (.number, .number(let value)), (.currency, .number(let value)), (.percent, .number(let value)),
            (.rating, .number(let value)), (.duration, .number(let value)):
            guard let comparison = RecordPrefilter.Comparison(rawValue: op.rawValue) else { return nil }
            return .number(fieldID: field.id, comparison, value, orBlank: comparison.holds(0, value))
        default:
            return nil
        }
    }
}

extension FormulaOperator {
    /// The operator that gives the same result with its operands swapped.
    var mirrored: FormulaOperator {
        switch self {
        case .less: .greater
        case .greater: .less
        case .lessOrEqual: .greaterOrEqual
        case .greaterOrEqual: .lessOrEqual
        default: self
        }
    }
}

extension RecordPrefilter.Comparison {
    func holds(_ lhs: Double, _ rhs: Double) -> Bool {
        switch self {
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .less: lhs < rhs
        case .lessOrEqual: lhs <= rhs
        case .greater: lhs > rhs
        case .greaterOrEqual: lhs >= rhs
        }
    }
}
