/// Writing a whole base at once, for `tessera import`: all or nothing.
public protocol BaseImportStore: Sendable {
    /// In one transaction: the base and its tables (as `insertBase`), then `records` as given (ids,
    /// `createdTime`, `autoNumber` and `createdBy` kept; links already symmetric) with their derived
    /// fields computed, then `comments`. A failure leaves nothing behind.
    func importBase(_ base: Base, tables: [Table], records: [Record], comments: [Comment], actorID: String) async throws
}
