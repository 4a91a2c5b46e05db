import Foundation

/// The audit log's table.
public protocol AuditStore: Sendable {
    /// Stores the entry and returns its id.
    @discardableResult func appendAudit(_ entry: AuditEntry) async throws -> Int64
    func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry]
    /// Deletes the entries older than `cutoff`; returns how many.
    func pruneAudit(before cutoff: Date) async throws -> Int
}
