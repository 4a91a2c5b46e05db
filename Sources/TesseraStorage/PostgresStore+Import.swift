import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: BaseImportStore {
    public func importBase(_ base: Base, tables: [TesseraCore.Table], records: [TesseraCore.Record], comments: [Comment], actorID: String) async throws {
        try await write { transaction in
            try await Self.insert(base, tables: tables, actorID: actorID, transaction)
            let now = Date(milliseconds: Date().milliseconds)
            _ = try await Self.commit(
                records.map { RecordChange(before: nil, after: $0) }, schema: BaseSchema(tables: tables), baseID: base.id,
                actorID: actorID, now: now, transaction)
            for comment in comments { try await Self.insert(comment, transaction) }
        }
    }
}
