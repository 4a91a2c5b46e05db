/// Every table of one base: what links, lookups, rollups and formulas resolve against. Links
/// stay within a base, so a base's schema is all a derived value can depend on.
public struct BaseSchema: Sendable, Equatable {
    public let tables: [Table]
    private let byID: [String: Int]

    public init(tables: [Table]) {
        self.tables = tables
        byID = Dictionary(tables.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    public func table(id: String) -> Table? {
        byID[id].map { tables[$0] }
    }

    /// The table a link field points at and the field there that mirrors it.
    public func target(of link: Field) -> (table: Table, inverse: Field?)? {
        guard let options = LinkOptions(link), let table = table(id: options.linkedTableID) else { return nil }
        return (table, options.inverseFieldID.flatMap { table.field(id: $0) })
    }

    /// The field a lookup or rollup reads, through its link.
    public func lookupTarget(of field: Field, in table: Table) -> (link: Field, table: Table, target: Field)? {
        guard let derivation = Derivation(field), let linkID = derivation.linkFieldID, let targetID = derivation.targetFieldID,
            let link = table.field(id: linkID), let linked = target(of: link)?.table, let target = linked.field(id: targetID)
        else { return nil }
        return (link, linked, target)
    }

    /// Whether any table has a link or a derived field: otherwise a write changes nothing but
    /// the records it names, and recalculation can be skipped.
    public var hasRelations: Bool {
        tables.contains { $0.fields.contains { $0.type == .multipleRecordLinks || $0.type.isDerived } }
    }
}
