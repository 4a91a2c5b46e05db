import GRDB
import TesseraCore

/// Translates a `RecordScan`'s prefilter and sort into SQL over the `records` table, where
/// cells live in the JSON column `data` keyed by field id.
struct SQLiteRecordQuery {
    private(set) var arguments = StatementArguments()

    /// `WHERE` conditions (joined with AND) for the scan.
    mutating func conditions(_ scan: RecordScan) -> String {
        var parts = ["table_id = ?"]
        _ = arguments.append(contentsOf: [scan.tableID])
        if case .afterAutoNumber(let number) = scan.start {
            parts.append("auto_number > ?")
            _ = arguments.append(contentsOf: [number])
        }
        if let prefilter = scan.prefilter {
            parts.append(sql(prefilter))
        }
        return parts.joined(separator: " AND ")
    }

    mutating func orderBy(_ sort: [RecordSortKey]) -> String {
        var terms: [String] = []
        for key in sort {
            let direction = key.ascending ? "ASC" : "DESC"
            switch key.value {
            case .cell(let fieldID):
                terms.append("\(cell(fieldID))\(key.caseInsensitive ? " COLLATE NOCASE" : "") \(direction)")
            case .choicePosition(let fieldID, let choiceIDs):
                guard !choiceIDs.isEmpty else { continue }
                var expression = "CASE \(cell(fieldID))"
                for (position, id) in choiceIDs.enumerated() {
                    expression += " WHEN ? THEN \(position)"
                    _ = arguments.append(contentsOf: [id])
                }
                terms.append(expression + " END \(direction)")
            case .createdTime:
                terms.append("created_at \(direction)")
            case .lastModifiedTime:
                terms.append("COALESCE(updated_at, created_at) \(direction)")
            case .autoNumber:
                terms.append("auto_number \(direction)")
            }
        }
        terms.append("auto_number ASC")
        return terms.joined(separator: ", ")
    }

    private mutating func sql(_ prefilter: RecordPrefilter) -> String {
        switch prefilter {
        case .all(let parts):
            return parts.isEmpty ? "1" : "(" + parts.map { sql($0) }.joined(separator: " AND ") + ")"
        case .any(let parts):
            return parts.isEmpty ? "0" : "(" + parts.map { sql($0) }.joined(separator: " OR ") + ")"
        case .textEquals(let fieldID, let text):
            _ = arguments.append(contentsOf: [text])
            return "\(cell(fieldID)) = ?"
        case .number(let fieldID, let comparison, let value, let orBlank):
            _ = arguments.append(contentsOf: [value])
            let test = "\(cell(fieldID)) \(comparison.rawValue) ?"
            return orBlank ? "(\(test) OR \(cell(fieldID)) IS NULL)" : test
        case .notBlank(let fieldID):
            return "\(cell(fieldID)) IS NOT NULL"
        }
    }

    private func cell(_ fieldID: String) -> String { Self.cell(fieldID) }

    /// Field ids are validated `fld` + alphanumerics, so they are safe inside the JSON path literal.
    static func cell(_ fieldID: String) -> String {
        precondition(TesseraID.isValid(fieldID, .field), "field ids reaching SQL are validated")
        return "json_extract(data, '$.\(fieldID)')"
    }
}
