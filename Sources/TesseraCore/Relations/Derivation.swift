/// How a derived field (lookup, rollup, count, formula) gets its value, read from its options.
public enum Derivation: Sendable, Equatable {
    /// The values of `target` in the records `link` points at, in link order.
    case lookup(link: String, target: String)
    /// `aggregation` (a formula over `values`, e.g. `SUM(values)`) of those values.
    case rollup(link: String, target: String, aggregation: String)
    /// How many records `link` points at.
    case count(link: String)
    /// A formula over the record's own fields, written with field ids (`{fldXXXXXXXXXXXXXX}`).
    case formula(String)

    public init?(_ field: Field) {
        let options = field.options
        switch field.type {
        case .multipleLookupValues:
            guard let link = options?["recordLinkFieldId"]?.stringValue, let target = options?["fieldIdInLinkedTable"]?.stringValue else { return nil }
            self = .lookup(link: link, target: target)
        case .rollup:
            guard let link = options?["recordLinkFieldId"]?.stringValue, let target = options?["fieldIdInLinkedTable"]?.stringValue else { return nil }
            self = .rollup(link: link, target: target, aggregation: options?["formula"]?.stringValue ?? "ARRAYJOIN(values)")
        case .count:
            guard let link = options?["recordLinkFieldId"]?.stringValue else { return nil }
            self = .count(link: link)
        case .formula:
            guard let source = options?["formula"]?.stringValue else { return nil }
            self = .formula(source)
        default:
            return nil
        }
    }

    public var linkFieldID: String? {
        switch self {
        case .lookup(let link, _), .rollup(let link, _, _), .count(let link): link
        case .formula: nil
        }
    }

    public var targetFieldID: String? {
        switch self {
        case .lookup(_, let target), .rollup(_, let target, _): target
        case .count, .formula: nil
        }
    }
}
