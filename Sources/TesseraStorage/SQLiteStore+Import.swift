import Foundation
import GRDB
import TesseraCore

extension SQLiteStore: BaseImportStore {
    public func importBase(_ base: Base, tables: [TesseraCore.Table], records: [TesseraCore.Record], comments: [Comment], actorID: String) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO bases (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)",
                arguments: [base.id, base.workspaceID, base.name, base.createdTime.milliseconds])
            try Self.appendEvent(.baseCreated, baseID: base.id, tableID: nil, recordID: nil, actorID: actorID, db)
            for table in tables {
                try Self.insert(table, db)
                try Self.appendEvent(.tableCreated, baseID: base.id, tableID: table.id, recordID: nil, actorID: actorID, db)
            }
            let now = Date(milliseconds: Date().milliseconds)
            _ = try Self.commit(
                records.map { RecordChange(before: nil, after: $0) }, schema: BaseSchema(tables: tables), baseID: base.id,
                actorID: actorID, now: now, db)
            for comment in comments {
                try db.execute(
                    sql: "INSERT INTO comments (id, record_id, author_id, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        comment.id, comment.recordID, comment.authorID, comment.text, comment.createdTime.milliseconds,
                        comment.lastUpdatedTime?.milliseconds,
                    ])
            }
        }
    }
}
