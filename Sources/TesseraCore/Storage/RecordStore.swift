import Foundation

/// Records and their comments. Every write runs in one transaction with its events; a batch is
/// written whole or not at all.
public protocol RecordStore: Sendable {
    /// Visits the table's records in `scan.order`, starting after `scan.start`, keeping those
    /// that pass the prefilter (in the database) and then `scan.matches` (in memory), until
    /// `scan.limit` are kept. Never loads the whole table.
    func scanRecords(_ scan: RecordScan) async throws -> RecordScanPage
    func countRecords(tableID: String) async throws -> Int
    func records(tableID: String, ids: [String]) async throws -> [Record]

    // The writes below first merge `choices` (select choices a typecast added) into the table's
    // fields, in the same transaction (see `ChoiceAdditions`).

    /// Inserts new records; the store assigns `autoNumber` and times.
    func insertRecords(_ cells: [[String: JSONValue]], tableID: String, baseID: String, actorID: String, choices: ChoiceAdditions) async throws -> [Record]
    /// Applies patches to existing records; throws `.notFound` (writing nothing) if one is missing.
    func updateRecords(_ patches: [RecordPatch], tableID: String, baseID: String, actorID: String, choices: ChoiceAdditions) async throws -> [Record]
    /// For each patch, updates the one record whose `mergeOn` cells equal the patch's, or inserts
    /// a record when none does; throws `.invalidRequest` when several records match.
    func upsertRecords(
        _ patches: [[String: JSONValue]], mergeOn: [String], replace: Bool, tableID: String, baseID: String, actorID: String,
        choices: ChoiceAdditions
    ) async throws -> UpsertOutcome
    /// Deletes records and their comments; throws `.notFound` (deleting nothing) if one is missing.
    func deleteRecords(ids: [String], tableID: String, baseID: String, actorID: String) async throws

    func commentCounts(recordIDs: [String]) async throws -> [String: Int]
    func comments(recordID: String, after offset: Int, limit: Int) async throws -> [Comment]
    func comment(id: String) async throws -> Comment?
    func insertComment(_ comment: Comment) async throws
    func updateComment(id: String, text: String, at time: Date) async throws
    func deleteComment(id: String) async throws
}

extension RecordStore {
    public func insertRecords(_ cells: [[String: JSONValue]], tableID: String, baseID: String, actorID: String) async throws -> [Record] {
        try await insertRecords(cells, tableID: tableID, baseID: baseID, actorID: actorID, choices: ChoiceAdditions())
    }

    public func updateRecords(_ patches: [RecordPatch], tableID: String, baseID: String, actorID: String) async throws -> [Record] {
        try await updateRecords(patches, tableID: tableID, baseID: baseID, actorID: actorID, choices: ChoiceAdditions())
    }

    public func upsertRecords(_ patches: [[String: JSONValue]], mergeOn: [String], replace: Bool, tableID: String, baseID: String, actorID: String) async throws
        -> UpsertOutcome
    {
        try await upsertRecords(patches, mergeOn: mergeOn, replace: replace, tableID: tableID, baseID: baseID, actorID: actorID, choices: ChoiceAdditions())
    }
}

/// Changes to one record. `replace` clears every cell not named in `set`.
public struct RecordPatch: Sendable, Equatable {
    public let recordID: String
    /// Field id → new stored value; `.null` clears the cell.
    public let set: [String: JSONValue]
    public let replace: Bool

    public init(recordID: String, set: [String: JSONValue], replace: Bool) {
        self.recordID = recordID
        self.set = set
        self.replace = replace
    }
}

public struct UpsertOutcome: Sendable {
    /// In request order.
    public let records: [Record]
    public let createdRecordIDs: [String]
    public let updatedRecordIDs: [String]

    public init(records: [Record], createdRecordIDs: [String], updatedRecordIDs: [String]) {
        self.records = records
        self.createdRecordIDs = createdRecordIDs
        self.updatedRecordIDs = updatedRecordIDs
    }
}

/// Appended by every write; read by followers in order.
public protocol EventLog: Sendable {
    func events(after sequence: Int64, limit: Int) async throws -> [Event]
}

/// The whole storage contract. SQLite and PostgreSQL implement it in TesseraStorage.
public typealias TesseraStore = UserStore & WorkspaceStore & SchemaStore & RecordStore & EventLog & SearchStore & UsageStore & AuditStore
    & BaseImportStore
