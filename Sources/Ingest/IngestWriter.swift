import TesseraCore

/// Writes rows through the record service (so events, and with them search, follow), one
/// transaction per batch. A batch refused for a bad value is retried row by row, so one bad row
/// costs only itself.
public struct IngestWriter: Sendable {
    public struct Outcome: Sendable {
        public var written = 0
        public var problems: [RowProblem] = []
    }

    let records: RecordService
    let tableID: String
    let baseID: String
    let principal: Principal
    /// Upsert on this field (name or id) instead of creating, so re-running is idempotent.
    let key: String?
    /// Column name → field name; columns not in the map keep their name.
    let columnMap: [String: String]
    /// Turns link columns' names into record ids.
    let links: LinkResolver?

    public init(
        records: RecordService, tableID: String, baseID: String, principal: Principal, key: String?, columnMap: [String: String],
        links: LinkResolver? = nil
    ) {
        self.records = records
        self.tableID = tableID
        self.baseID = baseID
        self.principal = principal
        self.key = key
        self.columnMap = columnMap
        self.links = links
    }

    public func write(_ rows: [IngestRow]) async throws -> Outcome {
        guard !rows.isEmpty else { return Outcome() }
        let (rows, linkProblems) = try await links?.resolve(rows) ?? (rows, [])
        var outcome = try await save(checked: rows)
        outcome.problems = (linkProblems + outcome.problems).sorted { $0.line < $1.line }
        return outcome
    }

    private func save(checked rows: [IngestRow]) async throws -> Outcome {
        guard !rows.isEmpty else { return Outcome() }
        do {
            try await save(rows)
            return Outcome(written: rows.count, problems: [])
        } catch let error as TesseraError where error.kind == .invalidRequest && rows.count > 1 {
            var outcome = Outcome()
            for row in rows {
                do {
                    try await save([row])
                    outcome.written += 1
                } catch let error as TesseraError where error.kind == .invalidRequest {
                    outcome.problems.append(RowProblem(line: row.line, reason: error.message))
                }
            }
            return outcome
        } catch let error as TesseraError where error.kind == .invalidRequest {
            return Outcome(written: 0, problems: [RowProblem(line: rows[0].line, reason: error.message)])
        }
    }

    private func save(_ rows: [IngestRow]) async throws {
        let fields = rows.map { row in
            JSONValue.object(Dictionary(row.values.map { (columnMap[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: { first, _ in first }))
        }
        if let key {
            _ = try await records.upsert(
                fields, mergeOn: [key], replace: false, typecast: true, in: TableRef(baseID: baseID, table: tableID, by: principal),
                batchLimit: RecordService.maxImportBatchSize)
        } else {
            _ = try await records.create(
                fields, typecast: true, in: TableRef(baseID: baseID, table: tableID, by: principal),
                batchLimit: RecordService.maxImportBatchSize)
        }
    }
}
