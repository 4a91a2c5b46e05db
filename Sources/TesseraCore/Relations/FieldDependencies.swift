/// Which derived fields read which fields, across the tables of a base: a formula reads the
/// fields it names; a count reads its link; a lookup or rollup reads its link and, through it,
/// a field of the linked table. Links themselves are written, not derived: their two sides are
/// kept symmetric by the writes.
public struct FieldDependencies: Sendable {
    /// A derived field elsewhere that reads a field through a link.
    public struct Remote: Sendable, Equatable {
        /// The table of the derived field and the derived field.
        public let tableID: String
        public let fieldID: String
        /// The link (in `tableID`) it reads through, and that link's inverse in the read field's table.
        public let linkID: String
        public let inverseID: String
    }

    /// Field id → derived fields of the same table that read it directly.
    private let local: [String: [String]]
    /// Field id → derived fields of other tables that read it through a link.
    private let remote: [String: [Remote]]
    /// Table id → its derived fields, each after the derived fields of the table it reads.
    private let order: [String: [String]]
    /// Derived field id → the fields of its own table it reads.
    private let reads: [String: Set<String>]

    public init(schema: BaseSchema) {
        var local: [String: [String]] = [:]
        var remote: [String: [Remote]] = [:]
        var reads: [String: Set<String>] = [:]
        var order: [String: [String]] = [:]
        for table in schema.tables {
            for field in table.fields where field.type.isDerived {
                let inputs = Self.localInputs(field, table)
                reads[field.id] = inputs
                for input in inputs { local[input, default: []].append(field.id) }
                if let (link, _, target) = schema.lookupTarget(of: field, in: table),
                    let inverse = LinkOptions(link)?.inverseFieldID
                {
                    remote[target.id, default: []].append(Remote(tableID: table.id, fieldID: field.id, linkID: link.id, inverseID: inverse))
                }
            }
            order[table.id] = Self.topologicalOrder(table.fields.filter(\.type.isDerived).map(\.id), reads: reads)
        }
        self.local = local
        self.remote = remote
        self.reads = reads
        self.order = order
    }

    /// The derived fields of the table that read `fields`, directly or through other derived
    /// fields of the table, in the order they are computed.
    public func affected(by fields: Set<String>, inTable tableID: String) -> [String] {
        var dirty = fields
        var result: [String] = []
        for field in order[tableID] ?? [] where !(reads[field] ?? []).isDisjoint(with: dirty) {
            result.append(field)
            dirty.insert(field)
        }
        return result
    }

    /// Every derived field of the table, in the order they are computed.
    public func derivedFields(ofTable tableID: String) -> [String] {
        order[tableID] ?? []
    }

    /// The lookups and rollups elsewhere that read `fieldID`.
    public func remoteReaders(of fieldID: String) -> [Remote] {
        remote[fieldID] ?? []
    }

    /// A chain of fields that reads itself (its names, first repeated last), or nil. A field's
    /// value can never depend on itself, so such a field is refused.
    public static func cycle(in schema: BaseSchema) -> [String]? {
        var edges: [String: [String]] = [:]
        var names: [String: String] = [:]
        for table in schema.tables {
            for field in table.fields {
                names[field.id] = "\(table.name).\(field.name)"
                guard field.type.isDerived else { continue }
                edges[field.id] = Array(localInputs(field, table))
                if let (_, _, target) = schema.lookupTarget(of: field, in: table) { edges[field.id, default: []].append(target.id) }
            }
        }
        var state: [String: Bool] = [:] // false: on the current path; true: done
        var path: [String] = []
        func visit(_ node: String) -> [String]? {
            if let done = state[node] {
                guard !done, let start = path.firstIndex(of: node) else { return nil }
                return (path[start...] + [node]).map { names[$0] ?? $0 }
            }
            state[node] = false
            path.append(node)
            for next in edges[node] ?? [] {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            state[node] = true
            return nil
        }
        for node in edges.keys.sorted() {
            if let cycle = visit(node) { return cycle }
        }
        return nil
    }

    /// The fields of its own table a derived field reads.
    private static func localInputs(_ field: Field, _ table: Table) -> Set<String> {
        switch Derivation(field) {
        case .lookup(let link, _)?, .rollup(let link, _, _)?, .count(let link)?:
            return [link]
        case .formula(let source)?:
            guard let formula = try? Formula(source) else { return [] }
            return Set(table.fields.filter { formula.referencedFieldNames.contains($0.id) || formula.referencedFieldNames.contains($0.name) }.map(\.id))
        case nil:
            return []
        }
    }

    /// Fields after the fields they read (ties keep the table's order); fields of a cycle,
    /// which creation refuses, come last rather than hang.
    private static func topologicalOrder(_ fields: [String], reads: [String: Set<String>]) -> [String] {
        var ordered: [String] = []
        var remaining = fields
        let own = Set(fields)
        while !remaining.isEmpty {
            let ready = remaining.filter { ((reads[$0] ?? []).intersection(own)).isSubset(of: Set(ordered)) }
            guard !ready.isEmpty else { return ordered + remaining }
            ordered += ready
            remaining.removeAll { ready.contains($0) }
        }
        return ordered
    }
}
