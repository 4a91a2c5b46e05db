import PostgresNIO
import TesseraCore

/// Translates a `RecordScan`'s prefilter and sort into SQL over the `records` table, where
/// cells live in the JSONB column `data` keyed by field id. It reproduces SQLite's
/// `json_extract` semantics: blanks sort first ascending, numbers (and booleans as 0/1) before
/// text, text compared bytewise (ASCII case folded when case-insensitive).
struct PostgresRecordQuery {
    private(set) var bindings = PostgresBindings()

    /// `WHERE` conditions (joined with AND) for the scan.
    mutating func conditions(_ scan: RecordScan) -> String {
        var parts = ["table_id = \(bind(scan.tableID))"]
        if case .afterAutoNumber(let number) = scan.start {
            parts.append("auto_number > \(bind(number))")
        }
        if let prefilter = scan.prefilter {
            parts.append(sql(prefilter))
        }
        return parts.joined(separator: " AND ")
    }

    mutating func orderBy(_ sort: [RecordSortKey]) -> String {
        var terms: [String] = []
        for key in sort {
            let direction = key.ascending ? "ASC NULLS FIRST" : "DESC NULLS LAST"
            switch key.value {
            case .cell(let fieldID):
                let cell = cell(fieldID)
                let type = "jsonb_typeof(\(cell))"
                var text = "(\(textCell(fieldID)) COLLATE \"C\")"
                if key.caseInsensitive { text = "lower(\(text))" }
                terms.append("CASE WHEN \(type) IS NULL THEN 0 WHEN \(type) IN ('number', 'boolean') THEN 1 ELSE 2 END \(direction)")
                terms.append(
                    "CASE \(type) WHEN 'number' THEN (\(textCell(fieldID)))::float8 WHEN 'boolean' THEN (\(textCell(fieldID)))::boolean::int END \(direction)")
                terms.append("CASE WHEN \(type) NOT IN ('number', 'boolean') THEN \(text) END \(direction)")
            case .choicePosition(let fieldID, let choiceIDs):
                guard !choiceIDs.isEmpty else { continue }
                terms.append("array_position(\(bind(choiceIDs)), \(textCell(fieldID))) \(direction)")
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

    /// A placeholder for the next bound value.
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    private mutating func sql(_ prefilter: RecordPrefilter) -> String {
        switch prefilter {
        case .all(let parts):
            return parts.isEmpty ? "TRUE" : "(" + parts.map { sql($0) }.joined(separator: " AND ") + ")"
        case .any(let parts):
            return parts.isEmpty ? "FALSE" : "(" + parts.map { sql($0) }.joined(separator: " OR ") + ")"
        case .textEquals(let fieldID, let text):
            // Containment, so the GIN index on `data` answers it for any field.
            return "data @> jsonb_build_object('\(fieldID)', \(bind(text))::text)"
        case .number(let fieldID, let comparison, let value, let orBlank):
            let type = "jsonb_typeof(\(cell(fieldID)))"
            let operand = bind(value)
            // SQLite orders any text above any number, so text passes >, >= and != only.
            let textPasses = [.notEqual, .greater, .greaterOrEqual].contains(comparison) ? "TRUE" : "FALSE"
            let test = """
                CASE WHEN \(type) = 'number' THEN (\(textCell(fieldID)))::float8 \(comparison.rawValue) \(operand)
                WHEN \(type) = 'boolean' THEN (\(textCell(fieldID)))::boolean::int \(comparison.rawValue) \(operand)
                WHEN \(type) IN ('string', 'array', 'object') THEN \(textPasses) END
                """
            return orBlank ? "(\(test) OR NOT data ? '\(fieldID)')" : "(\(test))"
        case .notBlank(let fieldID):
            return "data ? '\(fieldID)'"
        }
    }

    /// Field ids are validated `fld` + alphanumerics, so they are safe inside SQL literals.
    private func cell(_ fieldID: String) -> String {
        precondition(TesseraID.isValid(fieldID, .field), "field ids reaching SQL are validated")
        return "(data -> '\(fieldID)')"
    }

    private func textCell(_ fieldID: String) -> String {
        precondition(TesseraID.isValid(fieldID, .field), "field ids reaching SQL are validated")
        return "(data ->> '\(fieldID)')"
    }
}
