import Foundation
import GRDB
import TesseraCore

extension SQLiteStore: BaseImportStore {
    public func importBase(_ base: Base, tables: [TesseraCore.Table], records: [TesseraCore.Record], comments: [Comment], actorID: String) async throws {
        try await write { db in
            try Self.insert(base, tables: tables, actorID: actorID, db)
            let now = Date(milliseconds: Date().milliseconds)
            _ = try Self.commit(
                records.map { RecordChange(before: nil, after: $0) }, schema: BaseSchema(tables: tables), baseID: base.id,
                actorID: actorID, now: now, db)
            for comment in comments { try Self.insert(comment, db) }
        }
    }
}
