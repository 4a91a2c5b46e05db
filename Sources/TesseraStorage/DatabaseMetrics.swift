import Dispatch
import Metrics

/// How long work waits for its connection (SQLite's one writer or a reader, a connection of the
/// PostgreSQL pool) and how long it then holds it, by store and kind of access.
struct DatabaseMetrics: Sendable {
    static let sqliteRead = DatabaseMetrics(store: "sqlite", access: "read")
    static let sqliteWrite = DatabaseMetrics(store: "sqlite", access: "write")
    static let postgresRead = DatabaseMetrics(store: "postgresql", access: "read")
    static let postgresWrite = DatabaseMetrics(store: "postgresql", access: "write")

    private let wait: Timer
    private let hold: Timer

    private init(store: String, access: String) {
        let dimensions = [("store", store), ("access", access)]
        wait = Timer(label: "tessera_database_wait_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        hold = Timer(label: "tessera_database_transaction_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
    }

    /// Runs `work` once it has its connection: records the wait since `requested` and the work.
    func measure<T>(requestedAt requested: DispatchTime, _ work: () throws -> T) rethrows -> T {
        let started = connected(requestedAt: requested)
        defer { released(connectedAt: started) }
        return try work()
    }

    /// Records the wait for a connection that was asked for at `requested`; returns now.
    func connected(requestedAt requested: DispatchTime) -> DispatchTime {
        let now = DispatchTime.now()
        wait.recordInterval(since: requested, end: now)
        return now
    }

    func released(connectedAt connected: DispatchTime) {
        hold.recordInterval(since: connected)
    }
}
