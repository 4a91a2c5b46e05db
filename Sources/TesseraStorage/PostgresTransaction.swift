import Foundation
import Logging
import PostgresNIO
import TesseraCore

/// One open transaction on a leased connection. Events appended during it are written just
/// before COMMIT, under the events lock.
///
/// Why the lock: an identity column hands out numbers when rows are inserted, not when they
/// commit. Without it, a transaction could take event 10, a faster one event 11 and commit, a
/// follower read through 11 and store that cursor, and then 10 commit: the follower would
/// never see it. Holding a transaction-level advisory lock from taking the numbers until the
/// commit makes numbering order commit order, so whatever a reader sees is a gap-free prefix
/// (PostgreSQL makes a commit visible before it releases the transaction's locks). The lock is
/// taken last, after the transaction's row work, so writers only queue for the short event
/// insert and the commit itself.
final class PostgresTransaction {
    let connection: PostgresConnection
    let logger: Logger
    private var pendingEvents: [PendingEvent] = []

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// All rows of one statement.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    func row(_ query: PostgresQuery) async throws -> PostgresRandomAccessRow? {
        try await rows(query).first
    }

    func execute(_ query: PostgresQuery) async throws {
        try await connection.query(query, logger: logger)
    }

    /// Queues an event; it is written with the transaction.
    func appendEvent(_ kind: Event.Kind, baseID: String, tableID: String?, recordID: String?, actorID: String?) {
        pendingEvents.append(
            PendingEvent(
                kind: kind, baseID: baseID, tableID: tableID, recordID: recordID, actorID: actorID,
                time: Date().milliseconds))
    }

    func appendPendingEvents() async throws {
        guard !pendingEvents.isEmpty else { return }
        let events = pendingEvents
        pendingEvents = []
        try await execute("SELECT pg_advisory_xact_lock(hashtext('tessera.events:' || current_schema()))")
        // Arrays cannot carry NULL elements here, so absent ids travel as "" (ids are never empty).
        try await execute(
            """
            INSERT INTO events (kind, base_id, table_id, record_id, actor_id, created_at)
            SELECT kind, base_id, NULLIF(table_id, ''), NULLIF(record_id, ''), NULLIF(actor_id, ''), created_at
            FROM unnest(\(events.map(\.kind.rawValue)), \(events.map(\.baseID)), \(events.map { $0.tableID ?? "" }),
                        \(events.map { $0.recordID ?? "" }), \(events.map { $0.actorID ?? "" }), \(events.map(\.time)))
                WITH ORDINALITY AS e(kind, base_id, table_id, record_id, actor_id, created_at, position)
            ORDER BY position
            """)
    }

    private struct PendingEvent {
        let kind: Event.Kind
        let baseID: String
        let tableID: String?
        let recordID: String?
        let actorID: String?
        let time: Int64
    }
}
