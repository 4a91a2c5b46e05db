import Foundation
import TesseraCore

/// Fills link columns the way a person writes them in a file: each cell names linked records by
/// the linked table's primary field (or another key field), several separated by commas, and
/// becomes their record ids. A name no record has is the row's problem: ingest never makes
/// linked records up from a typo. Cells that already hold record ids pass through.
public actor LinkResolver {
    /// Where one link column points.
    public struct Target: Sendable, Equatable {
        /// The linked table's id and the field whose values name its records.
        public let tableID: String
        public let keyFieldID: String

        public init(tableID: String, keyFieldID: String) {
            self.tableID = tableID
            self.keyFieldID = keyFieldID
        }
    }

    private let records: RecordService
    private let baseID: String
    private let principal: Principal
    /// Column → target.
    private let targets: [String: Target]
    /// Table id → key text → ids of the records with that key; filled once per table, then
    /// topped up for keys first seen later (records made while the ingest runs).
    private var keys: [String: [String: [String]]] = [:]
    private let renderer = CellRenderer(format: .string)

    public init(records: RecordService, baseID: String, principal: Principal, targets: [String: Target]) {
        self.records = records
        self.baseID = baseID
        self.principal = principal
        self.targets = targets
    }

    /// The rows with their link cells as record ids, and a problem for each row that names a
    /// record no one has (or that two records share).
    public func resolve(_ rows: [IngestRow]) async throws -> (rows: [IngestRow], problems: [RowProblem]) {
        guard !targets.isEmpty else { return (rows, []) }
        for (column, target) in targets {
            try await load(target)
            let wanted = Set(rows.flatMap { Self.names(in: $0.values[column]) }.filter { !Self.isRecordID($0) })
            let missing = wanted.filter { keys[target.tableID]?[$0] == nil }
            if !missing.isEmpty { try await topUp(target, missing) }
        }
        var resolved: [IngestRow] = []
        var problems: [RowProblem] = []
        for row in rows {
            var values = row.values
            var problem: String?
            for (column, target) in targets.sorted(by: { $0.key < $1.key }) {
                guard let cell = row.values[column] else { continue }
                var ids: [String] = []
                for name in Self.names(in: cell) {
                    if Self.isRecordID(name) {
                        ids.append(name)
                        continue
                    }
                    let matches = keys[target.tableID]?[name] ?? []
                    if matches.count == 1 {
                        ids.append(matches[0])
                    } else {
                        problem =
                            problem
                            ?? (matches.isEmpty
                                ? "\(column): no linked record is named \"\(name)\""
                                : "\(column): \(matches.count) linked records are named \"\(name)\"; link by a unique field or by record id")
                    }
                }
                values[column] = ids.isEmpty ? nil : .array(ids.map(JSONValue.string))
            }
            if let problem {
                problems.append(RowProblem(line: row.line, reason: problem))
            } else {
                resolved.append(IngestRow(line: row.line, values: values))
            }
        }
        return (resolved, problems)
    }

    /// The names a cell gives: a list's items, or a text split at commas as Airtable's CSV import does.
    static func names(in cell: JSONValue?) -> [String] {
        let items: [JSONValue]
        switch cell {
        case .array(let values)?: items = values
        case .string(let text)?: items = text.split(separator: ",").map { .string(String($0)) }
        case let value?: items = [value]
        case nil: items = []
        }
        return items.compactMap { item -> String? in
            switch item {
            case .string(let text): text.trimmingCharacters(in: .whitespaces)
            case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .bool(let flag): String(flag)
            default: nil
            }
        }.filter { !$0.isEmpty }
    }

    static func isRecordID(_ text: String) -> Bool {
        text.wholeMatch(of: /rec[A-Za-z0-9]{14}/) != nil
    }

    private func load(_ target: Target) async throws {
        guard keys[target.tableID] == nil else { return }
        keys[target.tableID] = try await scan(target, filter: nil)
    }

    private func topUp(_ target: Target, _ missing: Set<String>) async throws {
        let sorted = missing.sorted()
        for start in stride(from: 0, to: sorted.count, by: 50) {
            let terms = sorted[start..<min(start + 50, sorted.count)].map { "{\(target.keyFieldID)} & '' = \(Self.quoted($0))" }
            let found = try await scan(target, filter: "OR(\(terms.joined(separator: ", ")))")
            keys[target.tableID, default: [:]].merge(found) { _, new in new }
        }
    }

    /// Key text → record ids over the table's records (those the filter lets through).
    private func scan(_ target: Target, filter: String?) async throws -> [String: [String]] {
        var found: [String: [String]] = [:]
        var query = ListRecordsQuery()
        query.filterByFormula = filter
        let ref = TableRef(baseID: baseID, table: target.tableID, by: principal)
        while true {
            let page = try await records.list(query, in: ref)
            guard let field = page.presenter.table.field(named: target.keyFieldID) else { break }
            for record in page.records {
                guard case .string(let key)? = renderer.render(field, of: record) else { continue }
                found[key.trimmingCharacters(in: .whitespaces), default: []].append(record.id)
            }
            guard let offset = page.offset else { break }
            query.offset = offset
        }
        return found
    }

    /// A formula string literal for any text.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
