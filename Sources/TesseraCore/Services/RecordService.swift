import Foundation

/// Reading and writing records: the Airtable records API in service form. Every call checks
/// the principal's access to the base first.
public struct RecordService: Sendable {
    /// Airtable's batch limit for writes.
    public static let maxBatchSize = 10
    /// The limit for bulk loads (`tessera ingest`): one transaction per batch.
    public static let maxImportBatchSize = 1000

    private let store: any TesseraStore
    private let tables: TableService
    private let cursors: CursorSeal

    public init(store: any TesseraStore, cursors: CursorSeal) {
        self.store = store
        self.cursors = cursors
        tables = TableService(store: store)
    }

    /// The sequence number of the newest event: changes with every write to any record or
    /// schema, so callers can tell whether data they derived from it may be stale.
    public func latestEventSequence() async throws -> Int64 {
        try await store.latestEventSequence()
    }

    // MARK: - Reading

    public struct Page: Sendable {
        public let presenter: RecordPresenter
        public let records: [Record]
        public let commentCounts: [String: Int]?
        public let offset: String?
    }

    public func list(_ rawQuery: ListRecordsQuery, in ref: TableRef) async throws -> Page {
        let query = try rawQuery.validated()
        let table = try await tables.table(ref, scope: .recordsRead, level: .read)
        let view = try query.view.map { name throws(TesseraError) in try Self.view(name, in: table) }
        let timeZone = query.timeZone ?? CellRenderer.utc
        let filter = try Self.filter(query.filterByFormula, view: view, table: table, timeZone: timeZone)
        // An explicit sort wins over the view's, as in Airtable.
        let sort =
            query.sort.isEmpty && view != nil
            ? try sortKeys(view?.sorts.map { ListRecordsQuery.Sort(field: $0.fieldID, ascending: $0.ascending) } ?? [], table)
            : try sortKeys(query.sort, table)
        let projection = try query.fields.map { names throws(TesseraError) in try fields(names, table) }
        func presenter(_ records: [Record]) async throws -> RecordPresenter {
            try await self.presenter(
                for: records, in: table, renderer: query.renderer, fieldsByID: query.returnFieldsByFieldID,
                projection: projection, linkNames: query.expandLinks)
        }

        let queryHash = ListCursor.queryHash(query)
        let cursor = try query.offset.map { text throws(TesseraError) in try ListCursor.decode(text, tableID: table.id, queryHash: queryHash, seal: cursors) }
        let returned = cursor?.returned ?? 0
        let limit = min(query.pageSize, (query.maxRecords ?? Int.max) - returned)
        guard limit > 0 else { return Page(presenter: try await presenter([]), records: [], commentCounts: nil, offset: nil) }

        let start: RecordScan.Start
        if let cursor {
            start = cursor.afterAutoNumber.map(RecordScan.Start.afterAutoNumber) ?? .skipping(cursor.skip ?? 0)
        } else {
            start = .beginning
        }
        let budget = FormulaBudget()
        var matches: (@Sendable (Record) throws -> Bool)?
        if let filter { matches = { record throws(TesseraError) in try filter.matches(record, budget: budget) } }
        let page = try await withTaskCancellationHandler {
            try await store.scanRecords(
                RecordScan(
                    tableID: table.id, sort: sort, prefilter: filter?.prefilter, matches: matches, start: start, limit: limit))
        } onCancel: {
            budget.cancel()
        }

        var offset: String?
        let total = returned + page.records.count
        if page.hasMore, total < (query.maxRecords ?? Int.max), let last = page.records.last {
            let skipped: Int = if case .skipping(let count) = start { count } else { 0 }
            offset = ListCursor(
                tableID: table.id, afterAutoNumber: sort.isEmpty ? last.autoNumber : nil,
                skip: sort.isEmpty ? nil : skipped + page.records.count, returned: total, queryHash: queryHash
            ).encoded(with: cursors)
        }
        let counts: [String: Int]? = query.includeCommentCount ? try await store.commentCounts(recordIDs: page.records.map { $0.id }) : nil
        return Page(presenter: try await presenter(page.records), records: page.records, commentCounts: counts, offset: offset)
    }

    public func get(recordID: String, in ref: TableRef) async throws -> (Record, Table) {
        let table = try await tables.table(ref, scope: .recordsRead, level: .read)
        return (try await existingRecords([recordID], table).first!, table)
    }

    /// The records one record's link field points at, in the link's order (at most `limit`), and
    /// the linked table. Links to records deleted since are skipped.
    public func linked(
        from recordID: String, field fieldIDOrName: String, in ref: TableRef,
        limit: Int = ListRecordsQuery.maxPageSize
    ) async throws -> (records: [Record], table: Table) {
        let (record, table) = try await get(recordID: recordID, in: ref)
        guard let field = table.field(named: fieldIDOrName) else { throw TesseraError.unknownField(fieldIDOrName) }
        guard let link = LinkOptions(field) else {
            throw TesseraError.invalidRequest("Field \"\(field.name)\" is \(field.type.rawValue), not a link to other records")
        }
        let linkedTable = try await tables.table(
            TableRef(baseID: ref.baseID, table: link.linkedTableID, by: ref.principal),
            scope: .recordsRead, level: .read)
        let ids = Array(Recalculation.linkedIDs(record, field.id).prefix(max(0, limit)))
        let byID = Dictionary(try await store.records(tableID: linkedTable.id, ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return (ids.compactMap { byID[$0] }, linkedTable)
    }

    public func count(in ref: TableRef) async throws -> Int {
        let table = try await tables.table(ref, scope: .recordsRead, level: .read)
        return try await store.countRecords(tableID: table.id)
    }

    // MARK: - Writing

    /// Creates records from `fields` objects (keys: field names or ids).
    public func create(_ fieldsList: [JSONValue], typecast: Bool, in ref: TableRef, batchLimit: Int = maxBatchSize) async throws -> ([Record], Table) {
        try Self.checkBatch(fieldsList.count, limit: batchLimit)
        var (table, base) = try await tables.access(ref, scope: .recordsWrite, level: .edit)
        let original = table
        let codec = CellCodec(typecast: typecast, collaborators: try await collaborators(of: table, in: base))
        var rows: [[String: JSONValue]] = []
        for fields in fieldsList {
            rows.append(try decodeCells(fields, into: &table, codec: codec, keepClears: false))
        }
        let choices = ChoiceAdditions(from: original.fields, to: table.fields)
        let records = try await store.insertRecords(rows, tableID: table.id, baseID: ref.baseID, actorID: ref.principal.userID, choices: choices)
        return (records, try await schema(after: choices, table))
    }

    /// Updates records (PATCH merges, `replace` (PUT) clears the cells not given).
    public func update(_ updates: [(id: String, fields: JSONValue)], replace: Bool, typecast: Bool, in ref: TableRef) async throws -> ([Record], Table) {
        try Self.checkBatch(updates.count)
        var (table, base) = try await tables.access(ref, scope: .recordsWrite, level: .edit)
        let original = table
        let codec = CellCodec(typecast: typecast, collaborators: try await collaborators(of: table, in: base))
        var seen = Set<String>()
        var patches: [RecordPatch] = []
        for update in updates {
            try Self.checkRecordID(update.id)
            guard seen.insert(update.id).inserted else {
                throw TesseraError(.invalidRecords, "Record \(update.id) appears twice in one request")
            }
            patches.append(
                RecordPatch(recordID: update.id, set: try decodeCells(update.fields, into: &table, codec: codec, keepClears: true), replace: replace))
        }
        let choices = ChoiceAdditions(from: original.fields, to: table.fields)
        let records = try await store.updateRecords(patches, tableID: table.id, baseID: ref.baseID, actorID: ref.principal.userID, choices: choices)
        return (records, try await schema(after: choices, table))
    }

    /// Updates the record matching each row on `mergeOn` fields, or creates one.
    public func upsert(
        _ fieldsList: [JSONValue], mergeOn: [String], replace: Bool, typecast: Bool, in ref: TableRef,
        batchLimit: Int = maxBatchSize
    ) async throws -> (UpsertOutcome, Table) {
        try Self.checkBatch(fieldsList.count, limit: batchLimit)
        var (table, base) = try await tables.access(ref, scope: .recordsWrite, level: .edit)
        let original = table
        let codec = CellCodec(typecast: typecast, collaborators: try await collaborators(of: table, in: base))
        guard !mergeOn.isEmpty, mergeOn.count <= 3 else {
            throw TesseraError.invalidRequest("performUpsert.fieldsToMergeOn needs one to three fields")
        }
        let mergeFields = try fields(mergeOn, table)
        if let computed = mergeFields.first(where: { $0.type.isComputed || $0.type == .multipleSelects || $0.type == .checkbox }) {
            throw TesseraError.invalidRequest("Field \"\(computed.name)\" (\(computed.type.rawValue)) cannot be used in fieldsToMergeOn")
        }
        var rows: [[String: JSONValue]] = []
        for fields in fieldsList {
            let row = try decodeCells(fields, into: &table, codec: codec, keepClears: true)
            for field in mergeFields where (row[field.id] ?? .null).isNull {
                throw TesseraError.invalidRequest("Every record of an upsert needs a value for the merge field \"\(field.name)\"")
            }
            rows.append(row)
        }
        let choices = ChoiceAdditions(from: original.fields, to: table.fields)
        let outcome = try await store.upsertRecords(
            rows, mergeOn: mergeFields.map(\.id), replace: replace, tableID: table.id, baseID: ref.baseID,
            actorID: ref.principal.userID, choices: choices)
        return (outcome, try await schema(after: choices, table))
    }

    public func delete(recordIDs: [String], in ref: TableRef) async throws -> [String] {
        try Self.checkBatch(recordIDs.count)
        let (table, base) = try await tables.access(ref, scope: .recordsWrite, level: .edit)
        for id in recordIDs { try Self.checkRecordID(id) }
        guard Set(recordIDs).count == recordIDs.count else {
            throw TesseraError(.invalidRecords, "A record appears twice in one request")
        }
        try await store.deleteRecords(ids: recordIDs, tableID: table.id, baseID: ref.baseID, actorID: ref.principal.userID)
        try await store.audit(
            .recordsDeleted, on: base, by: ref.principal, modelID: table.id,
            payload: ["recordIds": .array(recordIDs.map(JSONValue.string))])
        return recordIDs
    }

    // MARK: - Comments

    public struct CommentPage: Sendable {
        public let comments: [(comment: Comment, author: User?)]
        public let offset: String?
    }

    public func comments(recordID: String, in ref: TableRef, pageSize: Int, offset: String?) async throws -> CommentPage {
        guard (1...100).contains(pageSize) else { throw TesseraError.invalidRequest("pageSize must be between 1 and 100") }
        let table = try await tables.table(ref, scope: .commentsRead, level: .read)
        _ = try await existingRecords([recordID], table)
        let skip = try offset.map { text throws(TesseraError) in try commentOffset(text, recordID: recordID) } ?? 0
        let comments = try await store.comments(recordID: recordID, after: skip, limit: pageSize + 1)
        var withAuthors: [(Comment, User?)] = []
        for comment in comments.prefix(pageSize) {
            withAuthors.append((comment, try await store.user(id: comment.authorID)))
        }
        let next = comments.count > pageSize ? cursors.seal(Data("\(recordID):\(skip + pageSize)".utf8), purpose: Self.commentsPurpose) : nil
        return CommentPage(comments: withAuthors, offset: next)
    }

    private static let commentsPurpose = "comments.list"

    /// How many comments an offset skips; offsets are signed and bound to their record.
    private func commentOffset(_ text: String, recordID: String) throws(TesseraError) -> Int {
        let parts = cursors.open(text, purpose: Self.commentsPurpose).map { String(decoding: $0, as: UTF8.self).split(separator: ":") }
        guard let parts, parts.count == 2, parts[0] == recordID, let count = Int(parts[1]), count >= 0 else {
            throw TesseraError(.invalidOffset, "The offset \(text.prefix(40)) is not valid for this record's comments")
        }
        return count
    }

    public func createComment(text: String, recordID: String, in ref: TableRef) async throws -> (comment: Comment, author: User?) {
        let table = try await tables.table(ref, scope: .commentsWrite, level: .comment)
        _ = try await existingRecords([recordID], table)
        let comment = Comment(
            id: TesseraID.make(.comment), recordID: recordID, authorID: ref.principal.userID, text: try Self.commentText(text), createdTime: Date(),
            lastUpdatedTime: nil)
        try await store.insertComment(comment)
        return (comment, try await store.user(id: ref.principal.userID))
    }

    /// Only the author may edit a comment.
    public func updateComment(id: String, text: String, recordID: String, in ref: TableRef) async throws -> (comment: Comment, author: User?) {
        var (comment, _) = try await ownComment(id, recordID: recordID, ref)
        comment.text = try Self.commentText(text)
        comment.lastUpdatedTime = Date()
        try await store.updateComment(id: id, text: comment.text, at: comment.lastUpdatedTime!)
        return (comment, try await store.user(id: ref.principal.userID))
    }

    public func deleteComment(id: String, recordID: String, in ref: TableRef) async throws {
        let (_, base) = try await ownComment(id, recordID: recordID, ref)
        try await store.deleteComment(id: id)
        try await store.audit(.commentDeleted, on: base, by: ref.principal, modelID: id, payload: ["recordId": .string(recordID)])
    }

    /// The principal's comment, and its base as the principal sees it.
    private func ownComment(_ id: String, recordID: String, _ ref: TableRef) async throws -> (Comment, AccessibleBase) {
        let (table, base) = try await tables.access(ref, scope: .commentsWrite, level: .comment)
        _ = try await existingRecords([recordID], table)
        guard TesseraID.isValid(id, .comment), let comment = try await store.comment(id: id), comment.recordID == recordID else {
            throw TesseraError.notFound("Could not find comment \(id)")
        }
        guard comment.authorID == ref.principal.userID else {
            throw TesseraError.forbidden("Only the author of a comment can change or delete it")
        }
        return (comment, base)
    }

    private static func commentText(_ text: String) throws(TesseraError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalidRequest("A comment needs some text") }
        guard trimmed.count <= 100_000 else { throw .invalidRequest("A comment may hold at most 100,000 characters") }
        return trimmed
    }

    // MARK: - Helpers

    private func existingRecords(_ ids: [String], _ table: Table) async throws -> [Record] {
        for id in ids { try Self.checkRecordID(id) }
        let found = try await store.records(tableID: table.id, ids: ids)
        guard found.count == ids.count else {
            let missing = ids.first { id in !found.contains { $0.id == id } }!
            throw TesseraError(.recordNotFound, "Could not find record \(missing) in table \(table.name)")
        }
        return found
    }

    /// A view of the table by id or name.
    static func view(_ name: String, in table: Table) throws(TesseraError) -> View {
        guard let view = table.view(named: name) else {
            throw TesseraError(.viewNotFound, "Could not find view \"\(name)\" in table \"\(table.name)\"")
        }
        return view
    }

    /// The filter a listing applies: the view's formula and the query's, both when both are given.
    public static func filter(_ formula: String?, view: View?, table: Table, timeZone: TimeZone) throws(TesseraError) -> RecordFilter? {
        let sources = [view?.filterFormula, formula].compactMap { $0 }.filter { !$0.isEmpty }
        guard !sources.isEmpty else { return nil }
        // The caller's own formula is checked alone first, so its errors point into what it wrote.
        if sources.count == 2 { _ = try RecordFilter(sources[1], table: table, timeZone: timeZone) }
        let source = sources.count == 1 ? sources[0] : "AND(" + sources.map { "(\($0))" }.joined(separator: ", ") + ")"
        return try RecordFilter(source, table: table, timeZone: timeZone)
    }

    /// Who the table's collaborator fields may name: the workspace's members; nil without such fields.
    private func collaborators(of table: Table, in base: AccessibleBase) async throws -> CollaboratorDirectory? {
        guard table.fields.contains(where: { $0.type == .singleCollaborator || $0.type == .multipleCollaborators }) else { return nil }
        return CollaboratorDirectory(members: try await store.members(workspaceID: base.base.workspaceID))
    }

    /// A presenter for `records` with what their cells name loaded: collaborators, and with
    /// `linkNames` (or a string format) the primary values of linked records.
    public func presenter(
        for records: [Record], in table: Table, renderer: CellRenderer = CellRenderer(), fieldsByID: Bool = false,
        projection: [Field]? = nil, linkNames: Bool = false
    ) async throws -> RecordPresenter {
        var renderer = renderer
        renderer.related = try await related(to: records, in: table, linkNames: linkNames || renderer.format == .string)
        return RecordPresenter(table: table, renderer: renderer, fieldsByID: fieldsByID, projection: projection)
    }

    /// The people `records` name in collaborator fields, and, with `linkNames`, the primary
    /// values of the records their links point at: what `CellRenderer` needs beyond the cells.
    public func related(to records: [Record], in table: Table, linkNames: Bool) async throws -> RelatedValues {
        var userIDs = Set<String>()
        var linked: [String: Set<String>] = [:]
        for field in table.fields {
            switch field.type {
            case .createdBy:
                userIDs.formUnion(records.compactMap(\.createdBy))
            case .lastModifiedBy:
                userIDs.formUnion(records.compactMap { $0.lastModifiedBy ?? $0.createdBy })
            case .singleCollaborator, .multipleCollaborators:
                for record in records { userIDs.formUnion((record.cells[field.id]?.arrayValue ?? [record.cells[field.id] ?? .null]).compactMap(\.stringValue)) }
            case .multipleLookupValues
            where [.singleCollaborator, .multipleCollaborators, .createdBy, .lastModifiedBy]
                .contains(ResultType(json: field.options?["result"])?.type):
                for record in records { userIDs.formUnion((record.cells[field.id]?.arrayValue ?? []).compactMap(\.stringValue)) }
            case .multipleRecordLinks where linkNames:
                guard let target = LinkOptions(field)?.linkedTableID else { continue }
                for record in records { linked[target, default: []].formUnion(Recalculation.linkedIDs(record, field.id)) }
            default:
                continue
            }
        }
        var related = RelatedValues()
        for user in try await store.users(ids: userIDs.sorted()) { related.users[user.id] = user }
        for (tableID, ids) in linked.sorted(by: { $0.key < $1.key }) {
            let linkedTable = try await tables.resolve(tableID, baseID: table.baseID)
            guard let primary = linkedTable.field(id: linkedTable.primaryFieldID) else { continue }
            for record in try await store.records(tableID: tableID, ids: ids.sorted()) {
                related.linkNames[record.id] = CellValues.formulaValue(primary, of: record, linkNames: [:]).textValue
            }
        }
        return related
    }

    /// The table to present a write's records with: as stored after a typecast added choices
    /// (another write may have added the same names first, and its ids are the ones kept).
    private func schema(after choices: ChoiceAdditions, _ table: Table) async throws -> Table {
        guard !choices.isEmpty else { return table }
        return try await tables.resolve(table.id, baseID: table.baseID)
    }

    /// Turns a `fields` object into stored cells keyed by field id. With `keepClears`, emptied
    /// cells stay as `.null` so that a patch clears them.
    private func decodeCells(_ fields: JSONValue, into table: inout Table, codec: CellCodec, keepClears: Bool) throws(TesseraError) -> [String: JSONValue] {
        guard let members = fields.objectValue else {
            throw TesseraError(.invalidRecords, "Each record needs a \"fields\" object, got \(fields.typeName)")
        }
        var cells: [String: JSONValue] = [:]
        for (key, value) in members {
            guard let index = table.fields.firstIndex(where: { $0.id == key }) ?? table.fields.firstIndex(where: { $0.name == key }) else {
                throw TesseraError.unknownField(key)
            }
            let stored = try codec.store(value, in: &table.fields[index])
            if let stored {
                cells[table.fields[index].id] = stored
            } else if keepClears {
                cells[table.fields[index].id] = .null
            }
        }
        return cells
    }

    private func sortKeys(_ sorts: [ListRecordsQuery.Sort], _ table: Table) throws(TesseraError) -> [RecordSortKey] {
        var keys: [RecordSortKey] = []
        for sort in sorts {
            guard let field = table.field(named: sort.field) else { throw TesseraError.unknownField(sort.field) }
            let value: RecordSortKey.Value =
                switch field.type {
                case .createdTime: .createdTime
                case .lastModifiedTime: .lastModifiedTime
                case .autoNumber: .autoNumber
                case .singleSelect: .choicePosition(fieldID: field.id, choiceIDs: field.choices.map(\.id))
                default: .cell(fieldID: field.id)
                }
            keys.append(RecordSortKey(value: value, ascending: sort.ascending, caseInsensitive: field.type.isTextLike))
        }
        return keys
    }

    private func fields(_ names: [String], _ table: Table) throws(TesseraError) -> [Field] {
        var result: [Field] = []
        for name in names {
            guard let field = table.field(named: name) else { throw TesseraError.unknownField(name) }
            if !result.contains(field) { result.append(field) }
        }
        return result
    }

    private static func checkBatch(_ count: Int, limit: Int = maxBatchSize) throws(TesseraError) {
        guard count > 0 else { throw TesseraError(.invalidRecords, "The request names no records") }
        guard count <= min(limit, maxImportBatchSize) else {
            throw TesseraError(.invalidRecords, "A request may write at most \(min(limit, maxImportBatchSize)) records, got \(count)")
        }
    }

    private static func checkRecordID(_ id: String) throws(TesseraError) {
        guard TesseraID.isValid(id, .record) else {
            throw TesseraError(.recordNotFound, "\(id) is not a valid record id")
        }
    }
}
