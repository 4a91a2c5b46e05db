/// The type of a derived field's values, as Airtable's `result` option shows it: lookups take
/// their target's type, rollups and formulas the type their expression produces.
public struct ResultType: Sendable, Equatable {
    public var type: FieldType
    public var options: JSONValue?

    public init(_ type: FieldType, _ options: JSONValue? = nil) {
        self.type = type
        self.options = options
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = ["type": .string(type.rawValue)]
        if let options { object["options"] = options }
        return .object(object)
    }

    /// A stored result option read back.
    public init?(json: JSONValue?) {
        guard let name = json?["type"]?.stringValue, let type = FieldType(rawValue: name) else { return nil }
        self.init(type, json?["options"].flatMap { $0.isNull ? nil : $0 })
    }

    static let text = ResultType(.singleLineText)
    static let integer = ResultType(.number, ["precision": 0])
    static let checkbox = ResultType(.checkbox, ["icon": "check", "color": "greenBright"])
    static let dateTime = ResultType(
        .dateTime,
        [
            "dateFormat": ["name": "iso", "format": "YYYY-MM-DD"], "timeFormat": ["name": "24hour", "format": "HH:mm"], "timeZone": "utc",
        ])

    /// What a reference to `field` yields: its own type, or for a derived field its result.
    static func of(_ field: Field, schema: BaseSchema, in table: Table) -> ResultType {
        switch field.type {
        case .multipleLookupValues, .rollup, .formula:
            return ResultType(json: field.options?["result"]) ?? text
        case .count, .autoNumber:
            return integer
        case .createdTime, .lastModifiedTime:
            return dateTime
        case .multipleRecordLinks, .createdBy, .lastModifiedBy, .singleCollaborator, .multipleCollaborators, .singleSelect, .multipleSelects:
            return text
        default:
            return ResultType(field.type, field.options)
        }
    }

    /// The type `expression` produces; `values` is what the rollup's `values` holds, `field`
    /// what a field reference yields.
    static func infer(_ expression: FormulaExpression, values: ResultType?, field: (String) -> ResultType?) -> ResultType {
        switch expression {
        case .number: return ResultType(.number, ["precision": 2])
        case .text: return text
        case .bool: return checkbox
        case .field(let name): return name == "values" ? values ?? text : field(name) ?? text
        case .negate(let operand): return infer(operand, values: values, field: field)
        case .binary(let op, let lhs, let rhs):
            switch op {
            case .concatenate: return text
            case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual: return checkbox
            case .add, .subtract, .multiply, .divide:
                let left = infer(lhs, values: values, field: field)
                let right = infer(rhs, values: values, field: field)
                return numeric(op == .divide ? nil : [left, right])
            }
        case .call(let name, let arguments):
            let first = arguments.first.map { infer($0, values: values, field: field) }
            switch name {
            case "SUM", "MAX", "MIN", "AVERAGE", "ROUND", "ROUNDUP", "ROUNDDOWN", "ABS", "CEILING", "FLOOR":
                if let first, first.type == .date || first.type == .dateTime, name == "MAX" || name == "MIN" { return first }
                return numeric(first.map { [$0] })
            case "COUNT", "COUNTA", "COUNTALL", "LEN", "FIND", "SEARCH", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND",
                "WEEKDAY", "DATETIME_DIFF", "INT", "MOD", "EVEN", "ODD":
                return integer
            case "VALUE", "POWER", "SQRT", "EXP", "LOG":
                return ResultType(.number, ["precision": 2])
            case "AND", "OR", "XOR", "NOT", "IS_BEFORE", "IS_AFTER", "IS_SAME", "REGEX_MATCH":
                return checkbox
            case "DATEADD", "DATETIME_PARSE", "NOW", "TODAY", "CREATED_TIME", "LAST_MODIFIED_TIME":
                return dateTime
            case "IF":
                return arguments.count > 1 ? infer(arguments[1], values: values, field: field) : text
            case "SWITCH":
                return arguments.count > 2 ? infer(arguments[2], values: values, field: field) : text
            case "ARRAYUNIQUE", "ARRAYCOMPACT", "ARRAYFLATTEN", "ARRAYSLICE":
                return first ?? text
            default:
                return text
            }
        }
    }

    /// Arithmetic keeps the kind and precision of its number operands (currency stays currency);
    /// division, or operands that are not numbers, give a plain number with two decimals.
    private static func numeric(_ operands: [ResultType]?) -> ResultType {
        let numberTypes: Set<FieldType> = [.number, .currency, .percent, .duration, .rating]
        guard let operands, let kept = operands.first(where: { numberTypes.contains($0.type) && $0.type != .rating }) else {
            return ResultType(.number, ["precision": 2])
        }
        return kept
    }
}
