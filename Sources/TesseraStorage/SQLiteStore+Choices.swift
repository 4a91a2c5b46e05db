import GRDB
import TesseraCore

extension SQLiteStore {
    /// Merges a typecast's new select choices into the fields as stored now (SQLite has one
    /// writer, so nothing changes them until this transaction ends); returns, per field, the
    /// ids the write made that name an existing choice.
    static func mergeChoices(
        _ choices: ChoiceAdditions, tableID: String, baseID: String, actorID: String,
        _ db: Database
    ) throws -> [String: [String: String]] {
        var renamed: [String: [String: String]] = [:]
        for fieldID in choices.byField.keys.sorted() {
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT options FROM fields WHERE id = ? AND table_id = ?"),
                    arguments: [fieldID, tableID])
            else {
                throw TesseraError.notFound("Field \(fieldID) no longer exists")
            }
            let merge = choices.merge(fieldID: fieldID, into: try (row["options"] as String?).map(JSONValue.parse))
            renamed[fieldID] = merge.renamedIDs
            if let options = merge.options {
                try db.execute(sql: "UPDATE fields SET options = ? WHERE id = ?", arguments: [options.jsonString(), fieldID])
                try appendEvent(.fieldUpdated, baseID: baseID, tableID: tableID, recordID: nil, actorID: actorID, db)
            }
        }
        return renamed
    }
}
