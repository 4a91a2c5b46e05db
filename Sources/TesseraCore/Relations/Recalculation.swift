import Foundation

/// One change a write makes to a record: `before` is nil for a new record, `after` nil for a
/// deleted one.
public struct RecordChange: Sendable, Equatable {
    public let before: Record?
    public let after: Record?

    public init(before: Record?, after: Record?) {
        self.before = before
        self.after = after
    }
}

/// Works out everything one write changes in a base with links and derived fields: the other
/// side of every link it adds or removes, and every count, lookup, rollup and formula that reads
/// a changed cell, in the written table or through links in others, down to the formulas that
/// read those. Only the records that depend on the change are read and recomputed.
///
/// A state machine apart from the I/O, so both stores drive the same logic inside their own
/// transaction: `next()` answers `.load` with the records it needs, the store reads them and
/// hands them to `provide`, until `.done`; then `outcome` is what to write.
public struct Recalculation {
    public enum Step: Sendable, Equatable {
        case load(Set<String>)
        case done
    }

    public struct Outcome: Sendable, Equatable {
        /// New records, in the order the write made them.
        public var inserted: [Record]
        /// The records the write named, then those it changed through links and derived fields.
        public var updated: [Record]
        public var deleted: [Record]
    }

    /// Work on one record: cells that changed, and derived fields to compute again.
    private struct Work {
        var changed: Set<String> = []
        var stale: Set<String> = []
    }

    private let schema: BaseSchema
    private let dependencies: FieldDependencies
    private let actorID: String?
    private let now: Date
    private let budget = FormulaBudget()
    private var formulas: [String: Formula] = [:]
    /// Every record the write touched or read, in its current (after) state.
    private var current: [String: Record] = [:]
    /// The same records as stored before the write; absent for new records.
    private var original: [String: Record] = [:]
    private var deletedIDs: Set<String> = []
    /// Ids the store was asked for and does not have.
    private var absent: Set<String> = []
    private var named: [String] = []
    private var pendingOrder: [String] = []
    private var pending: [String: Work] = [:]
    private var loads = 0
    /// Far beyond any real fan-out; a bound so that nothing can loop for ever.
    private static let maximumLoads = 10_000

    public init(schema: BaseSchema, changes: [RecordChange], actorID: String?, now: Date) {
        self.schema = schema
        dependencies = FieldDependencies(schema: schema)
        self.actorID = actorID
        self.now = now
        for change in changes {
            guard let record = change.after ?? change.before else { continue }
            named.append(record.id)
            current[record.id] = record
            if let before = change.before { original[record.id] = before }
            var work = Work()
            if change.after == nil {
                deletedIDs.insert(record.id)
                // Its links go, so every record it linked to loses it.
                work.changed = Set(record.cells.keys)
            } else if let before = change.before {
                work.changed = Set(record.cells.keys).union(before.cells.keys).filter { before.cells[$0] != record.cells[$0] }
            } else {
                work.changed = Set(record.cells.keys)
                work.stale = Set(dependencies.derivedFields(ofTable: record.tableID))
            }
            enqueue(record.id, work)
        }
    }

    /// Recomputes derived fields of stored records after a schema change (a new lookup, a
    /// changed formula): `stale` maps each record to the fields to compute again, and whatever
    /// reads those fields follows.
    public init(schema: BaseSchema, recomputing stale: [(record: Record, fields: Set<String>)], actorID: String?, now: Date) {
        self.init(schema: schema, changes: [], actorID: actorID, now: now)
        for (record, fields) in stale {
            current[record.id] = record
            original[record.id] = record
            enqueue(record.id, Work(stale: fields))
        }
    }

    /// What to do next: load records, or nothing more.
    public mutating func next() throws(TesseraError) -> Step {
        while true {
            var missing = Set<String>()
            var progressed = false
            for id in pendingOrder {
                guard let work = pending[id] else { continue }
                let needed = requirements(id, work)
                guard needed.isEmpty else {
                    missing.formUnion(needed)
                    continue
                }
                pending[id] = nil
                try process(id, work)
                progressed = true
            }
            pendingOrder.removeAll { pending[$0] == nil }
            if pending.isEmpty { return .done }
            if !progressed {
                loads += 1
                guard loads <= Self.maximumLoads else {
                    throw TesseraError.invalidRequest("This change reaches too many linked records to recompute in one write")
                }
                return .load(missing)
            }
        }
    }

    /// The records a `.load` asked for; ids the store did not find are absent.
    public mutating func provide(_ records: [Record], for requested: Set<String>) {
        for record in records where current[record.id] == nil {
            current[record.id] = record
            original[record.id] = record
        }
        absent.formUnion(requested.subtracting(records.map(\.id)))
    }

    /// What the write stores once `next()` is `.done`.
    public var outcome: Outcome {
        var outcome = Outcome(inserted: [], updated: [], deleted: [])
        var written = Set<String>()
        for id in named where written.insert(id).inserted {
            guard let record = current[id] else { continue }
            if deletedIDs.contains(id) {
                outcome.deleted.append(original[id] ?? record)
            } else if original[id] == nil {
                outcome.inserted.append(record)
            } else {
                outcome.updated.append(record)
            }
        }
        for (id, record) in current.sorted(by: { $0.key < $1.key }) where !written.contains(id) && !deletedIDs.contains(id) && original[id] != record {
            outcome.updated.append(record)
        }
        return outcome
    }

    // MARK: - Work

    private mutating func enqueue(_ id: String, _ work: Work) {
        guard !work.changed.isEmpty || !work.stale.isEmpty else { return }
        if var existing = pending[id] {
            existing.changed.formUnion(work.changed)
            existing.stale.formUnion(work.stale)
            pending[id] = existing
        } else {
            pending[id] = work
            pendingOrder.append(id)
        }
    }

    /// Records `process` will read that are not loaded yet.
    private func requirements(_ id: String, _ work: Work) -> Set<String> {
        guard !absent.contains(id) else { return [] }
        guard let record = current[id] else { return [id] }
        guard let table = schema.table(id: record.tableID) else { return [] }
        var needed = Set<String>()
        for fieldID in work.changed {
            guard let field = table.field(id: fieldID), field.type == .multipleRecordLinks else { continue }
            let difference = linkDifference(record, fieldID)
            needed.formUnion(difference.added + difference.removed)
        }
        if !deletedIDs.contains(id) {
            for fieldID in fieldsToCompute(table, work) {
                guard let field = table.field(id: fieldID) else { continue }
                for link in linksRead(by: field, in: table) { needed.formUnion(Self.linkedIDs(record, link)) }
            }
        }
        return needed.filter { current[$0] == nil && !absent.contains($0) }
    }

    private mutating func process(_ id: String, _ work: Work) throws(TesseraError) {
        guard !absent.contains(id), var record = current[id], let table = schema.table(id: record.tableID) else { return }
        try updateInverseLinks(of: record, table, work.changed)
        guard !deletedIDs.contains(id) else { return }

        var dirty = work.changed
        for fieldID in fieldsToCompute(table, Work(changed: dirty, stale: work.stale)) {
            guard let field = table.field(id: fieldID) else { continue }
            let value = compute(field, of: record, in: table)
            guard record.cells[fieldID] != value else { continue }
            record.cells[fieldID] = value
            record.fieldModifiedTimes[fieldID] = now
            dirty.insert(fieldID)
        }
        current[id] = record

        // Lookups and rollups elsewhere that read what changed here, through their links.
        for fieldID in dirty {
            for reader in dependencies.remoteReaders(of: fieldID) {
                let linked = Set(Self.linkedIDs(record, reader.inverseID)).union(original[id].map { Self.linkedIDs($0, reader.inverseID) } ?? [])
                for readerID in linked.sorted() { enqueue(readerID, Work(stale: [reader.fieldID])) }
            }
        }
    }

    /// The derived fields of the table to compute for this work, in their order.
    private func fieldsToCompute(_ table: Table, _ work: Work) -> [String] {
        let affected = Set(dependencies.affected(by: work.changed.union(work.stale), inTable: table.id)).union(work.stale)
        return dependencies.derivedFields(ofTable: table.id).filter(affected.contains)
    }

    // MARK: - Links

    private func linkDifference(_ record: Record, _ fieldID: String) -> (added: [String], removed: [String]) {
        let before = original[record.id].map { Self.linkedIDs($0, fieldID) } ?? []
        let after = deletedIDs.contains(record.id) ? [] : Self.linkedIDs(record, fieldID)
        return (after.filter { !before.contains($0) }, before.filter { !after.contains($0) })
    }

    /// Keeps links symmetric: a record added to (removed from) a link is added to (removed from)
    /// the inverse field of the record it names.
    private mutating func updateInverseLinks(of record: Record, _ table: Table, _ changed: Set<String>) throws(TesseraError) {
        for fieldID in changed.sorted() {
            guard let field = table.field(id: fieldID), let options = LinkOptions(field), let inverse = options.inverseFieldID else { continue }
            let difference = linkDifference(record, fieldID)
            for (otherID, adding) in difference.added.map({ ($0, true) }) + difference.removed.map({ ($0, false) }) {
                guard var other = current[otherID], !absent.contains(otherID), other.tableID == options.linkedTableID else {
                    guard adding else { continue } // a link to a record gone meanwhile just goes
                    throw TesseraError.invalidValue("Field \"\(field.name)\" cannot link to \(otherID): no such record in the linked table")
                }
                var ids = Self.linkedIDs(other, inverse)
                if adding, !ids.contains(record.id) {
                    ids.append(record.id)
                } else if !adding, ids.contains(record.id) {
                    ids.removeAll { $0 == record.id }
                } else {
                    continue
                }
                other.cells[inverse] = ids.isEmpty ? nil : .array(ids.map(JSONValue.string))
                if !deletedIDs.contains(otherID), original[otherID] != nil, !named.contains(otherID) {
                    other.lastModifiedTime = now
                    other.lastModifiedBy = actorID
                }
                other.fieldModifiedTimes[inverse] = now
                current[otherID] = other
                enqueue(otherID, Work(changed: [inverse]))
            }
        }
    }

    static func linkedIDs(_ record: Record, _ fieldID: String) -> [String] {
        (record.cells[fieldID]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// The link fields a derived field reads records through (for formulas: the links it names,
    /// whose primary values it reads).
    private func linksRead(by field: Field, in table: Table) -> [String] {
        switch Derivation(field) {
        case .lookup(let link, _)?, .rollup(let link, _, _)?: return [link]
        case .formula(let source)?:
            guard let formula = try? Formula(source) else { return [] }
            return table.fields.filter { $0.type == .multipleRecordLinks && formula.referencedFieldNames.contains($0.id) }.map(\.id)
        case .count?, nil: return []
        }
    }

    // MARK: - Derived values

    private mutating func compute(_ field: Field, of record: Record, in table: Table) -> JSONValue? {
        switch Derivation(field) {
        case .count(let link)?:
            return .number(Double(Self.linkedIDs(record, link).count))
        case .lookup(let link, let targetID)?:
            guard let target = linkedTable(link, table)?.field(id: targetID) else { return nil }
            let items = linkedRecords(record, link).flatMap { CellValues.lookupItems(of: target, in: $0) }
            return items.isEmpty ? nil : .array(items)
        case .rollup(let link, let targetID, let aggregation)?:
            guard let target = linkedTable(link, table)?.field(id: targetID) else { return nil }
            let values = linkedRecords(record, link).map { CellValues.formulaValue(target, of: $0, linkNames: [:]) }
            return evaluate(aggregation, cacheKey: field.id, RollupContext(values: .list(values), record: record, now: now))
        case .formula(let source)?:
            var names: [String: String] = [:]
            for link in linksRead(by: field, in: table) {
                guard let primary = linkedTable(link, table).flatMap({ $0.field(id: $0.primaryFieldID) }) else { continue }
                for linked in linkedRecords(record, link) {
                    names[linked.id] = CellValues.formulaValue(primary, of: linked, linkNames: [:]).textValue
                }
            }
            let context = RecordFormulaContext(
                record: record, fields: table.fieldsByReference, now: now,
                timeZone: CellRenderer.utc, linkNames: names)
            return evaluate(source, cacheKey: field.id, context)
        case nil:
            return record.cells[field.id]
        }
    }

    private func linkedTable(_ linkID: String, _ table: Table) -> Table? {
        table.field(id: linkID).flatMap { schema.target(of: $0)?.table }
    }

    private func linkedRecords(_ record: Record, _ linkID: String) -> [Record] {
        Self.linkedIDs(record, linkID).compactMap { deletedIDs.contains($0) ? nil : current[$0] }
    }

    /// A formula's stored result; a failure is Airtable's `#ERROR!` in the cell, never a failed write.
    private mutating func evaluate(_ source: String, cacheKey: String, _ context: some FormulaContext) -> JSONValue? {
        let formula: Formula
        if let cached = formulas[cacheKey] {
            formula = cached
        } else {
            guard let parsed = try? Formula(source) else { return CellValues.error }
            formulas[cacheKey] = parsed
            formula = parsed
        }
        do {
            return CellValues.stored(try formula.evaluate(in: context, budget: budget))
        } catch {
            return CellValues.error
        }
    }
}

/// What a rollup's aggregation formula sees: `values`, the looked-up values.
private struct RollupContext: FormulaContext {
    let values: FormulaValue
    let record: Record
    let now: Date

    var recordID: String { record.id }
    var createdTime: Date { record.createdTime }
    var lastModifiedTime: Date? { record.lastModifiedTime }
    var timeZone: TimeZone { CellRenderer.utc }

    func value(ofField name: String) -> FormulaValue? {
        name == "values" ? values : nil
    }
}
