import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: BaseImportStore {
    public func importBase(_ base: Base, tables: [TesseraCore.Table], records: [TesseraCore.Record], comments: [Comment], actorID: String) async throws {
        try await write { transaction in
            try await transaction.execute(
                """
                INSERT INTO bases (id, workspace_id, name, created_at) VALUES (\(base.id), \(base.workspaceID), \(base.name), \(base.createdTime.milliseconds))
                """)
            transaction.appendEvent(.baseCreated, baseID: base.id, tableID: nil, recordID: nil, actorID: actorID)
            for table in tables {
                try await Self.insert(table, transaction)
                transaction.appendEvent(.tableCreated, baseID: base.id, tableID: table.id, recordID: nil, actorID: actorID)
            }
            let now = Date(milliseconds: Date().milliseconds)
            _ = try await Self.commit(
                records.map { RecordChange(before: nil, after: $0) }, schema: BaseSchema(tables: tables), baseID: base.id,
                actorID: actorID, now: now, transaction)
            for comment in comments {
                try await transaction.execute(
                    """
                    INSERT INTO comments (id, record_id, author_id, text, created_at, updated_at)
                    VALUES (\(comment.id), \(comment.recordID), \(comment.authorID), \(comment.text), \(comment.createdTime.milliseconds),
                            \(comment.lastUpdatedTime?.milliseconds))
                    """)
            }
        }
    }
}
