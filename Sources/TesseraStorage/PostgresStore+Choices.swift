import PostgresNIO
import TesseraCore

extension PostgresStore {
    /// Merges a typecast's new select choices into the fields as stored now, holding each
    /// field's row lock until the transaction ends, so a concurrent typecast on any node waits
    /// and then sees these choices instead of overwriting them; returns, per field, the ids the
    /// write made that name an existing choice.
    static func mergeChoices(
        _ choices: ChoiceAdditions, tableID: String, baseID: String, actorID: String,
        _ transaction: PostgresTransaction
    ) async throws -> [String: [String: String]] {
        var renamed: [String: [String: String]] = [:]
        // One order for the locks, so two writers adding to the same fields cannot deadlock.
        for fieldID in choices.byField.keys.sorted() {
            guard let row = try await transaction.row("SELECT options FROM fields WHERE id = \(fieldID) AND table_id = \(tableID) FOR UPDATE") else {
                throw TesseraError.notFound("Field \(fieldID) no longer exists")
            }
            let merge = choices.merge(fieldID: fieldID, into: try row.value("options", as: String?.self).map(JSONValue.parse))
            renamed[fieldID] = merge.renamedIDs
            if let options = merge.options {
                try await transaction.execute("UPDATE fields SET options = \(options.jsonString()) WHERE id = \(fieldID)")
                transaction.appendEvent(.fieldUpdated, baseID: baseID, tableID: tableID, recordID: nil, actorID: actorID)
            }
        }
        return renamed
    }
}
