import Foundation

/// `tessera export` and `tessera import`: a whole base to a `BaseDocument` (and a CSV text per
/// table), and a document back into a new base of a workspace, as the acting principal.
public struct BaseTransferService: Sendable {
    /// What an export produces: the document, and each table as CSV in the order of the document.
    public struct Export: Sendable {
        public let document: BaseDocument
        public let csvTables: [(name: String, text: String)]
    }

    /// Reports records read so far and the base's record count while an export reads.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    private static let page = 1000

    private let store: any TesseraStore
    private let gate: AccessGate

    public init(store: any TesseraStore) {
        self.store = store
        gate = AccessGate(store: store)
    }

    // MARK: - Export

    public func export(baseID: String, by principal: Principal, progress: Progress? = nil) async throws -> Export {
        let base: AccessibleBase
        do {
            base = try await gate.base(baseID, for: principal, scope: .schemaRead, level: .read)
        } catch let error as TesseraError where error.kind == .notFound {
            throw TesseraError(.inaccessible, "No base \(baseID) that this token can read")
        }
        try principal.require(.recordsRead)
        try principal.require(.commentsRead)
        let tables = try await store.tables(baseID: baseID)
        let recordsByTable = try await self.records(of: tables, progress: progress)
        let allRecords = recordsByTable.flatMap { $0 }
        let comments = try await self.comments(of: allRecords)
        let related = try await self.related(to: recordsByTable, in: tables, comments: comments)

        let cells = CellRenderer(format: .json, related: related)
        let text = CellRenderer(format: .string, related: related)
        var entries: [BaseDocument.TableEntry] = []
        var csvTables: [(name: String, text: String)] = []
        let exported = Set(allRecords.map(\.id))
        for (table, records) in zip(tables, recordsByTable) {
            let writable = table.fields.filter { !$0.type.isComputed }
            let entryRecords = records.map { record in
                BaseDocument.RecordEntry(
                    id: record.id, createdTime: record.createdTime, autoNumber: record.autoNumber, createdBy: record.createdBy,
                    cells: Self.documentCells(record, writable, cells, exported: exported),
                    // Oldest first, ties by text: an order that does not depend on ids, so a re-export lists them alike.
                    comments: (comments[record.id] ?? []).sorted { ($0.createdTime, $0.text) < ($1.createdTime, $1.text) }.map { comment in
                        let author = related.users[comment.authorID]
                        return BaseDocument.CommentEntry(
                            id: comment.id, author: BaseDocument.Author(id: comment.authorID, email: author?.email, name: author?.name),
                            text: comment.text, createdTime: comment.createdTime, lastUpdatedTime: comment.lastUpdatedTime)
                    })
            }
            entries.append(BaseDocument.TableEntry(table: table, records: entryRecords))
            var csv = CSVText.row(table.fields.map(\.name))
            for record in records {
                csv += CSVText.row(table.fields.map { text.render($0, of: record)?.stringValue ?? "" })
            }
            csvTables.append((table.name, csv))
        }
        // An export takes a whole base out of the server: the owners should see who did.
        try await store.audit(
            .baseExported, on: base, by: principal, modelID: base.base.id,
            payload: ["tables": .number(Double(tables.count)), "records": .number(Double(allRecords.count))])
        return Export(document: BaseDocument(baseID: base.base.id, name: base.base.name, tables: entries), csvTables: csvTables)
    }

    /// Every record of each table, in natural order, a page at a time.
    private func records(of tables: [Table], progress: Progress?) async throws -> [[Record]] {
        var total = 0
        for table in tables { total += try await store.countRecords(tableID: table.id) }
        var recordsByTable: [[Record]] = []
        var done = 0
        for table in tables {
            var records: [Record] = []
            var start = RecordScan.Start.beginning
            while true {
                let page = try await store.scanRecords(
                    RecordScan(tableID: table.id, sort: [], prefilter: nil, matches: nil, start: start, limit: Self.page))
                records += page.records
                done += page.records.count
                progress?(done, total)
                guard page.hasMore, let last = page.records.last else { break }
                start = .afterAutoNumber(last.autoNumber)
            }
            recordsByTable.append(records)
        }
        return recordsByTable
    }

    /// The comments of the records that have some, by record id.
    private func comments(of records: [Record]) async throws -> [String: [Comment]] {
        var comments: [String: [Comment]] = [:]
        for start in stride(from: 0, to: records.count, by: Self.page) {
            let ids = records[start..<min(start + Self.page, records.count)].map(\.id)
            for (recordID, count) in try await store.commentCounts(recordIDs: ids) where count > 0 {
                comments[recordID] = try await store.comments(recordID: recordID, after: 0, limit: count)
            }
        }
        return comments
    }

    /// What rendering the cells needs: the people they and the comments name, and every record's
    /// primary value (what a link shows in CSV).
    private func related(to recordsByTable: [[Record]], in tables: [Table], comments: [String: [Comment]]) async throws -> RelatedValues {
        var related = RelatedValues()
        var userIDs = Set(comments.values.flatMap { $0.map(\.authorID) })
        for (table, records) in zip(tables, recordsByTable) {
            userIDs.formUnion(Self.userIDs(in: records, of: table))
            guard let primary = table.field(id: table.primaryFieldID) else { continue }
            for record in records {
                related.linkNames[record.id] = CellValues.formulaValue(primary, of: record, linkNames: [:]).textValue
            }
        }
        for user in try await store.users(ids: userIDs.sorted()) { related.users[user.id] = user }
        return related
    }

    /// The record's writable cells as the API writes them. Tables are read page by page, not in
    /// one snapshot, so a link may name a record deleted after its table was read; such links are
    /// left out, so that the document stays one an import takes.
    private static func documentCells(_ record: Record, _ fields: [Field], _ renderer: CellRenderer, exported: Set<String>) -> [String: JSONValue] {
        var cells: [String: JSONValue] = [:]
        for field in fields {
            guard var value = renderer.render(field, of: record) else { continue }
            if field.type == .multipleRecordLinks {
                let kept = (value.arrayValue ?? []).filter { $0.stringValue.map(exported.contains) == true }
                guard !kept.isEmpty else { continue }
                value = .array(kept)
            }
            cells[field.id] = value
        }
        return cells
    }

    /// The people records name: creators, editors and collaborator cells (lookups of them too).
    private static func userIDs(in records: [Record], of table: Table) -> Set<String> {
        var ids = Set(records.compactMap(\.createdBy)).union(records.compactMap(\.lastModifiedBy))
        for field in table.fields {
            let holdsPeople =
                switch field.type {
                case .singleCollaborator, .multipleCollaborators: true
                case .multipleLookupValues:
                    [.singleCollaborator, .multipleCollaborators, .createdBy, .lastModifiedBy].contains(ResultType(json: field.options?["result"])?.type)
                default: false
                }
            guard holdsPeople else { continue }
            for record in records {
                guard let cell = record.cells[field.id] else { continue }
                ids.formUnion((cell.arrayValue ?? [cell]).compactMap(\.stringValue))
            }
        }
        return ids
    }

    // MARK: - Import

    /// Makes a new base of `workspaceID` from the document, in one transaction: all of it or nothing.
    public func importBase(_ document: BaseDocument, workspaceID: String, name: String? = nil, by principal: Principal) async throws -> BaseImportPlan {
        try principal.require(.schemaWrite)
        try principal.require(.recordsWrite)
        if document.tables.contains(where: { $0.records.contains { !$0.comments.isEmpty } }) { try principal.require(.commentsWrite) }
        guard principal.baseIDs == nil else { throw TesseraError.forbidden("A token limited to some bases cannot create bases") }
        do {
            _ = try await gate.workspace(workspaceID, for: principal, level: .create)
        } catch let error as TesseraError where error.kind == .notFound {
            throw TesseraError(.inaccessible, "No workspace \(workspaceID) that this token's user belongs to")
        }
        let users = try await knownUsers(in: document)
        let members = CollaboratorDirectory(members: try await store.members(workspaceID: workspaceID))
        let plan = try BaseImportPlan(document, name: name, workspaceID: workspaceID, actorID: principal.userID, users: users, members: members)
        try await store.importBase(plan.base, tables: plan.tables, records: plan.records, comments: plan.comments, actorID: principal.userID)
        try await store.appendAudit(
            AuditEntry(
                action: .baseCreated, actor: AuditActor(principal), workspaceID: workspaceID, baseID: plan.base.id, modelID: plan.base.id,
                payload: [
                    "name": .string(plan.base.name), "tables": .number(Double(plan.tables.count)), "records": .number(Double(plan.records.count)),
                    "importedFrom": .string(document.baseID),
                ]))
        return plan
    }

    /// The document's user ids → users of this deployment: the same id, else the same email.
    private func knownUsers(in document: BaseDocument) async throws -> [String: String] {
        var ids = Set<String>()
        var emails: [String: String] = [:]
        for entry in document.tables {
            let collaboratorFields = entry.table.fields.filter { $0.type == .singleCollaborator || $0.type == .multipleCollaborators }
            for record in entry.records {
                if let creator = record.createdBy { ids.insert(creator) }
                for comment in record.comments {
                    ids.insert(comment.author.id)
                    if let email = comment.author.email { emails[comment.author.id] = email }
                }
                for field in collaboratorFields {
                    guard let cell = record.cells[field.id] else { continue }
                    for item in cell.arrayValue ?? [cell] {
                        guard let id = item["id"]?.stringValue else { continue }
                        ids.insert(id)
                        if let email = item["email"]?.stringValue { emails[id] = email }
                    }
                }
            }
        }
        var known: [String: String] = [:]
        for user in try await store.users(ids: ids.sorted()) { known[user.id] = user.id }
        for (id, email) in emails.sorted(by: { $0.key < $1.key }) where known[id] == nil {
            if let user = try await store.credentials(email: email.lowercased())?.user { known[id] = user.id }
        }
        return known
    }
}
